// ctgrad/ops/matmul.hpp - matmul(A, B): matrix times matrix, matrix times vector, vector times
// matrix. Its vector-Jacobian products are dA = dC B^T and dB = A^T dC; at run time all three
// are Eigen GEMMs over ctgrad's storage.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/detail/eigen_maps.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
/// An operand as the matrix it is in a product: a vector on the left is a row, on the right
/// a column (the same contiguous elements either way).
constexpr shape as_left(shape s) { return s.rank == 1 ? shape{2, 1, s.cols} : s; }
constexpr shape as_right(shape s) { return s.rank == 1 ? shape{2, s.cols, 1} : s; }

/// The run-time GEMM: Eigen over ctgrad's storage. (Out of the constexpr function: C++20 allows
/// no variable of a non-literal type there, even on a branch constant evaluation never takes.)
template <bool TransposeA, bool TransposeB, class T>
void eigen_gemm(T* c, bool accumulate, const T* a, const T* b, std::size_t m, std::size_t k, std::size_t n) {
    auto C = matrix_map(c, m, n);
    auto A = matrix_map(a, TransposeA ? k : m, TransposeA ? m : k);
    auto B = matrix_map(b, TransposeB ? n : k, TransposeB ? k : n);
    auto run = [&](const auto& lhs, const auto& rhs) {
        if (accumulate) C.noalias() += lhs * rhs;
        else C.noalias() = lhs * rhs;
    };
    if constexpr (TransposeA && TransposeB) run(A.transpose(), B.transpose());
    else if constexpr (TransposeA) run(A.transpose(), B);
    else if constexpr (TransposeB) run(A, B.transpose());
    else run(A, B);
}

/// C (=|+=) op(A) op(B), with op a transpose where asked; row-major, m x k times k x n.
template <bool TransposeA, bool TransposeB, class T>
constexpr void gemm(T* c, bool accumulate, const T* a, const T* b, std::size_t m, std::size_t k, std::size_t n) {
    if (std::is_constant_evaluated()) {
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                T s = accumulate ? c[i * n + j] : T(0);
                for (std::size_t l = 0; l < k; ++l)
                    s += (TransposeA ? a[l * m + i] : a[i * k + l]) * (TransposeB ? b[j * k + l] : b[l * n + j]);
                c[i * n + j] = s;
            }
    } else {
        eigen_gemm<TransposeA, TransposeB>(c, accumulate, a, b, m, k, n);
    }
}
}  // namespace detail

namespace ops {
struct matmul {
    static constexpr std::string_view id = "matmul";
    static constexpr int rank = 5;
    static constexpr print_format text{"$0 @ $1", precedence::product, precedence::product, precedence::power};
    static constexpr print_format latex{"$0 \\, $1", precedence::product, precedence::product, precedence::power};
    static constexpr op_properties properties{.reverse_reads = {detail::reads_b, detail::reads_a}};  // the other factor
    static constexpr shape result_shape(shape a, shape b) {
        if (a.rank == 1 && b.rank == 1) return {};  // a dot product
        if (a.rank == 1) return {1, 1, b.cols};
        if (b.rank == 1) return {1, 1, a.rows};
        return {2, a.rows, b.cols};
    }
    /// Symbolic: dA = dC B^T, dB = A^T dC; with a vector operand, outer products as a column
    /// times a row (broadcasting) and products with the other factor.
    template <std::size_t I> static constexpr auto vjp(const auto&, const auto& adj, const auto& a, const auto& b);
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a, tensor_in<T> b) {
        const shape l = detail::as_left(a.dims), r = detail::as_right(b.dims);
        detail::gemm<false, false>(out.data, false, a.data, b.data, l.rows, l.cols, r.cols);
    }
    /// dA = dC B^T (m x n times n x k), dB = A^T dC (k x m times m x n).
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> a, tensor_in<T> b, tensor_in<T>,
                                   tensor_in<T> adj) {
        const shape l = detail::as_left(a.dims), r = detail::as_right(b.dims);
        if constexpr (I == 0) detail::gemm<false, true>(dst.data, accumulate, adj.data, b.data, l.rows, r.cols, l.cols);
        else detail::gemm<true, false>(dst.data, accumulate, a.data, adj.data, r.rows, l.rows, r.cols);
    }
};
}  // namespace ops

namespace detail {
template <class A, class B>
constexpr auto make_matmul(const A& a, const B& b) {
    if constexpr (exact_scaled<A>)  // (c A) B = c (A B)
        return make_mul(a.template operand<0>(), make_matmul(a.template operand<1>(), b));
    else if constexpr (exact_scaled<B>)
        return make_mul(b.template operand<0>(), make_matmul(a, b.template operand<1>()));
    else if constexpr (is_exact_value<A, 0> || is_exact_value<B, 0>) return constant<0>{};
    else return node<ops::matmul, A, B>(a, b);
}
}  // namespace detail

/// matmul(A, B): the matrix product; a vector operand is a row on the left, a column on the
/// right. The inner extents must agree, at compile time.
template <expression A, expression B>
constexpr auto matmul(const A& a, const B& b) {
    constexpr shape sa = detail::shape_of<A>(), sb = detail::shape_of<B>();
    if constexpr (sa.rank == 0 || sb.rank == 0) {
        CTGRAD_REPORT_SHAPES(operand_is_a_tensor, operand_is_not_a_tensor,
                             "ctgrad::matmul: an operand is a scalar (use *)", ops::matmul, detail::shape_diagnostic<sa>,
                             detail::shape_diagnostic<sb>);
        return a;
    } else if constexpr (detail::as_left(sa).cols != detail::as_right(sb).rows) {
        CTGRAD_REPORT_SHAPES(matmul_inner_extents_agree, matmul_inner_extents_differ,
                             "ctgrad::matmul: inner extents differ", ops::matmul, detail::shape_diagnostic<sa>,
                             detail::shape_diagnostic<sb>);
        return a;
    } else {
        return detail::make_matmul(a, b);
    }
}

template <std::size_t I>
constexpr auto ops::matmul::vjp(const auto& self, const auto& lazy_adj, const auto& a, const auto& b) {
    const auto adj = detail::expand_to<detail::shape_of<std::remove_cvref_t<decltype(self)>>()>(lazy_adj);
    constexpr int ra = detail::shape_of<std::remove_cvref_t<decltype(a)>>().rank;
    constexpr int rb = detail::shape_of<std::remove_cvref_t<decltype(b)>>().rank;
    if constexpr (I == 0) {
        if constexpr (ra == 2 && rb == 2) return detail::make_matmul(adj, detail::make_transpose(b));
        else if constexpr (ra == 2) return detail::make_mul(detail::make_transpose(adj), b);  // outer: adj b^T
        else if constexpr (rb == 2) return detail::make_matmul(b, adj);
        else return detail::make_mul(adj, b);
    } else {
        if constexpr (rb == 2 && ra == 1) return detail::make_mul(detail::make_transpose(a), adj);  // outer: a adj^T
        else if constexpr (ra == 2) return detail::make_matmul(detail::make_transpose(a), adj);
        else return detail::make_mul(adj, a);
    }
}
}  // namespace ctgrad
