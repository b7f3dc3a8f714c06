// ctgrad/ops/broadcast.hpp - explicit broadcasting, for symbolic gradients. An adjoint may stay
// smaller than its node (a scalar adjoint of a whole matrix) while elementwise operations
// broadcast it; expand_to<S> makes it S where a kernel needs every element (broadcast_to<S>),
// and reduce_to<S> sums an operand's share over the axes it was broadcast along (sum, sum<0>,
// sum<1>).
#pragma once
#include <cstddef>
#include <cstdint>

#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/shape.hpp>
#include <string_view>
#include <ctgrad/detail/elementwise.hpp>
#include <ctgrad/detail/shape_text.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/op.hpp>
#include <ctgrad/ops/sum.hpp>
#include <ctgrad/ops/transpose.hpp>

namespace ctgrad {
namespace ops {
/// The operand repeated to shape S.
template <shape S>
struct broadcast_to {
    static constexpr std::string_view id = "broadcast_to";
    static constexpr int rank = 3;
    // broadcast<2, 3>(0): the shape is printed, so a zero of a matrix reads as one
    static constexpr auto text_pattern = detail::shape_pattern<S>("broadcast<", ", ", ">($0)");
    static constexpr auto latex_pattern =
        detail::shape_pattern<S>("\\operatorname{broadcast}_{", " \\times ", "}\\left($0\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0};
    static constexpr op_properties properties{.param = detail::shape_param(S), .reverse_reads = {0, 0}};
    static constexpr shape result_shape(shape) { return S; }
    static constexpr cpp_code cpp{.value = "ctgrad_broadcast($out, $0, $R0, $C0, $R, $C);",
                                  .backward = {"ctgrad_broadcast_vjp($dst, $adj, $R0, $C0, $R, $C);"},
                                  .helpers = {R"(#ifndef CTGRAD_CPP_BROADCAST
#define CTGRAD_CPP_BROADCAST
// element (i, j) of the rows x cols result reads a[i * row + j * col] (a row, a column or a scalar)
template <class T>
void ctgrad_broadcast(T* out, const T* a, std::size_t a_rows, std::size_t a_cols, std::size_t rows, std::size_t cols) {
    const std::size_t row = a_rows == 1 ? 0 : a_cols, col = a_cols == 1 ? 0 : 1;
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) out[i * cols + j] = a[i * row + j * col];
}
template <class T>
void ctgrad_broadcast_vjp(T* d, const T* adj, std::size_t a_rows, std::size_t a_cols, std::size_t rows, std::size_t cols) {
    const std::size_t row = a_rows == 1 ? 0 : a_cols, col = a_cols == 1 ? 0 : 1;
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) d[i * row + j * col] += adj[i * cols + j];
}
#endif
)"}};
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        const detail::broadcast_strides sa(a.dims);
        for (std::size_t i = 0; i < out.dims.rows; ++i)  // S at the bound batch
            for (std::size_t j = 0; j < out.dims.cols; ++j) out(i, j) = a[i * sa.row + j * sa.col];
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        if (!accumulate)
            for (std::size_t k = 0; k < dst.dims.size(); ++k) dst[k] = T(0);
        const detail::broadcast_strides sd(dst.dims);
        for (std::size_t i = 0; i < adj.dims.rows; ++i)
            for (std::size_t j = 0; j < adj.dims.cols; ++j) dst[i * sd.row + j * sd.col] += adj(i, j);
    }
    template <std::size_t> static constexpr auto vjp(const auto&, const auto& adj, const auto& a) {
        return detail::reduce_to<detail::shape_of<std::remove_cvref_t<decltype(a)>>{}, S>(adj);
    }
};

}  // namespace ops

namespace detail {
template <shape Target, class A>
static constexpr auto expand_to(const A& a) {
    constexpr shape s = shape_of<A>{};
    if constexpr (s == Target) return a;
    else return detail::make_node<node<ops::broadcast_to<Target>, A>>(a);
}

/// A kernel's adjoint as every element of its node Self (an adjoint may stay a scalar that
/// broadcasts).
template <class Self, class Adj>
constexpr auto full_adjoint(const Adj& adj) {
    return expand_to<shape_of<std::remove_cvref_t<Self>>{}>(adj);
}

/// An adjoint `a` that stands for its broadcast to shape From (an adjoint may stay smaller than
/// its node), summed down to shape Target: over each axis where Target has extent 1 and From
/// does not, a sum where a has that extent, else a times the extent (the sum of equal
/// elements). The result may again stay smaller than Target, which it broadcasts to.
template <shape Target, shape From, class A>
static constexpr auto reduce_to(const A& a) {
    constexpr shape s = shape_of<A>{};
    constexpr bool over_rows = Target.rows_broadcast() && !s.rows_broadcast(), over_cols = Target.cols_broadcast() && !s.cols_broadcast();
    constexpr bool rows_factor = Target.rows_broadcast() && s.rows_broadcast(), cols_factor = Target.cols_broadcast() && s.cols_broadcast();
    static_assert(!(rows_factor && From.batch == batch_axis::rows) && !(cols_factor && From.batch == batch_axis::cols),
                  "ctgrad::diff: a derivative would be multiplied by the run-time batch, which is not an expression; "
                  "value_and_grad and workspaces differentiate it");
    constexpr std::size_t factor = (rows_factor ? From.rows : 1) * (cols_factor ? From.cols : 1);
    auto reduced = [&] {
        if constexpr (over_rows && over_cols) return make_sum(a);
        else if constexpr (over_rows) return make_sum_axis<0>(a);                  // column sums: a row
        else if constexpr (over_cols) return make_transpose(make_sum_axis<1>(a));  // row sums, as a column
        else return a;
    }();
    return make_mul(constant<static_cast<std::intmax_t>(factor)>{}, reduced);
}

/// `a` as Target where they differ only in rank (a 1 x n matrix and a vector of n), or where
/// a is smaller and broadcasts to it.
template <shape Target, class A>
static constexpr auto reduce_to(const A& a) {
    return reduce_to<Target, Target>(a);
}
}  // namespace detail
}  // namespace ctgrad
