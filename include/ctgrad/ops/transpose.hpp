// ctgrad/ops/transpose.hpp - transpose(A) of a matrix; transpose(transpose(A)) is A.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/detail/eigen_maps.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/kernel.hpp>
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
    static constexpr shape result_shape(shape a) { return {2, a.cols, a.rows}; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        detail::transpose_into(out.data, false, a.data, a.dims.rows, a.dims.cols);
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        detail::transpose_into(dst.data, accumulate, adj.data, adj.dims.rows, adj.dims.cols);
    }
};
}  // namespace ops

/// transpose(A): the transpose of a matrix.
template <expression A>
constexpr auto transpose(const A& a) {
    constexpr shape s = detail::shape_of<A>();
    if constexpr (s.rank != 2) {
        CTGRAD_REPORT_SHAPES(operand_is_a_matrix, operand_is_not_a_matrix, "ctgrad::transpose: the operand is not a matrix",
                             ops::transpose, detail::shape_diagnostic<s>, diagnostic::scalar);
        return a;
    } else if constexpr (detail::is_op<A, ops::transpose>) {
        return a.template operand<0>();
    } else {
        return node<ops::transpose, A>(a);
    }
}
}  // namespace ctgrad
