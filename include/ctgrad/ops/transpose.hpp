// ctgrad/ops/transpose.hpp - transpose(A): of a matrix, its transpose; of a vector (a row),
// the n x 1 column. transpose(transpose(A)) is A, (A B)^T is B^T A^T, (c A)^T is c A^T.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/detail/eigen_maps.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/matmul.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/sum.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
/// dst (=|+=) the transpose of the rows x cols matrix src.
template <class T>
constexpr void transpose_into(T* dst, bool accumulate, const T* src, std::size_t rows, std::size_t cols) {
    if (std::is_constant_evaluated()) {
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j) dst[j * rows + i] = (accumulate ? dst[j * rows + i] : T(0)) + src[i * cols + j];
    } else if (accumulate) {
        matrix_map(dst, cols, rows) += matrix_map(src, rows, cols).transpose();
    } else {
        matrix_map(dst, cols, rows) = matrix_map(src, rows, cols).transpose();
    }
}
}  // namespace detail

namespace ops {
struct transpose {
    static constexpr std::string_view id = "transpose";
    static constexpr int rank = 3;
    static constexpr print_format text{"$0^T", precedence::power, precedence::atom};
    static constexpr print_format latex{"$0^{\\top}", precedence::power, precedence::atom};
    static constexpr op_properties properties{.reverse_reads = {0, 0}};
    static constexpr shape result_shape(shape a) { return detail::transposed(a); }
    /// d/dA: the adjoint transposed back (to a row for a vector operand).
    template <std::size_t> static constexpr auto vjp(const auto&, const auto& adj, const auto& a);
    static constexpr cpp_code cpp{.value = "ctgrad_transpose($out, false, $0, $R0, $C0);",
                                  .backward = {"ctgrad_transpose($dst, true, $adj, $R, $C);"},
                                  .helpers = {R"(#ifndef CTGRAD_CPP_TRANSPOSE
#define CTGRAD_CPP_TRANSPOSE
template <class T>
void ctgrad_transpose(T* d, bool accumulate, const T* s, std::size_t rows, std::size_t cols) {
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) d[j * rows + i] = (accumulate ? d[j * rows + i] : T(0)) + s[i * cols + j];
}
#endif
)"}};
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        detail::transpose_into(out.data, false, a.data, a.dims.rows, a.dims.cols);
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        detail::transpose_into(dst.data, accumulate, adj.data, adj.dims.rows, adj.dims.cols);
    }
};
}  // namespace ops

namespace detail {
/// op(A) op(B) of two matrices: its transpose is op(B)^T op(A)^T.
template <class E>
struct product_flags {
    static constexpr bool product = false;
};
template <bool TA, bool TB, class X, class Y>
struct product_flags<node<ops::matrix_product<TA, TB>, X, Y>> {
    static constexpr bool product = true, a = TA, b = TB;
};
template <class X, class Y>
struct product_flags<node<ops::matmul, X, Y>> {
    static constexpr bool product = true, a = false, b = false;
};
template <class E>
concept matrix_product = product_flags<E>::product && shape_of<operand_t<0, E>>{}.rank == 2 &&
                         shape_of<operand_t<1, E>>{}.rank == 2;

template <class A>
static constexpr auto make_transpose(const A& a) {
    constexpr shape s = shape_of<A>{};
    if constexpr (s.rank == 0) return a;
    else if constexpr (is_op<A, ops::transpose>) return a.template operand<0>();
    else if constexpr (exact_scaled<A>)  // (c A)^T = c A^T
        return make_mul(a.template operand<0>(), make_transpose(a.template operand<1>()));
    else if constexpr (matrix_product<A>)
        return product_node<!product_flags<A>::b, !product_flags<A>::a>(a.template operand<1>(), a.template operand<0>());
    else return detail::make_node<node<ops::transpose, A>>(a);
}
}  // namespace detail

/// transpose(A): the transpose of a matrix; of a vector, the column it is the row of.
template <expression A>
static constexpr auto transpose(const A& a) {
    constexpr shape s = detail::shape_of<A>{};
    if constexpr (!detail::check_rank_at_most_two<ops::transpose, s>()) {
        return a;
    } else if constexpr (s.rank == 0) {
        CTGRAD_REPORT_SHAPES(operand_is_a_tensor, operand_is_not_a_tensor, "ctgrad::transpose: the operand is a scalar",
                             ops::transpose, detail::shape_diagnostic<s>, diagnostic::scalar);
        return a;
    } else {
        return detail::make_transpose(a);
    }
}

template <std::size_t>
constexpr auto ops::transpose::vjp(const auto&, const auto& adj, const auto& a) {
    using A = std::remove_cvref_t<decltype(a)>;
    return detail::reduce_to<detail::shape_of<A>{}>(detail::make_transpose(adj));  // a (1 x n) back to a vector
}
}  // namespace ctgrad
