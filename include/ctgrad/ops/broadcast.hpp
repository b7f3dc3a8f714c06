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
namespace detail {
/// An operand broadcast to a concrete shape `out` of rank 3 or 4, NumPy's way (extents aligned
/// at the last axis): out's extents padded in front to four axes, and for each the operand's
/// stride, 0 where it repeats.
struct image_broadcast {
    std::size_t extent[4] = {1, 1, 1, 1};
    std::size_t stride[4] = {0, 0, 0, 0};
    constexpr image_broadcast(shape out, shape operand) {
        const int rank = out.rank, operand_axes = operand.rank;
        for (int k = 0; k < rank; ++k) extent[4 - rank + k] = out.extent(k);
        std::size_t step = 1;
        for (int j = operand_axes - 1; j >= 0; --j) {
            const std::size_t e = operand.extent(j);
            stride[4 - operand_axes + j] = e == 1 ? 0 : step;
            step *= e;
        }
    }
    /// f(out element, operand element) for every element of out, in order.
    template <class F>
    constexpr void each(F f) const {
        std::size_t k = 0;
        for (std::size_t i0 = 0; i0 < extent[0]; ++i0)
            for (std::size_t i1 = 0; i1 < extent[1]; ++i1)
                for (std::size_t i2 = 0; i2 < extent[2]; ++i2)
                    for (std::size_t i3 = 0; i3 < extent[3]; ++i3)
                        f(k++, i0 * stride[0] + i1 * stride[1] + i2 * stride[2] + i3 * stride[3]);
    }
};
}  // namespace detail

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
    static constexpr cpp_code cpp{.value = S.rank >= 3 ? "ctgrad_broadcast_image($out, $0, $K0, $E0, $K, $E, false);"
                                                       : "ctgrad_broadcast($out, $0, $R0, $C0, $R, $C);",
                                  .backward = {S.rank >= 3 ? "ctgrad_broadcast_image($dst, $adj, $K0, $E0, $K, $E, true);"
                                                           : "ctgrad_broadcast_vjp($dst, $adj, $R0, $C0, $R, $C);"},
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
// rank 3 and 4, NumPy's alignment at the last axis: the operand's element for each of the
// result's (out = a repeated), or the result's adjoint summed into the operand's (backward)
template <class T>
void ctgrad_broadcast_image(T* x, const T* y, int a_rank, std::size_t a0, std::size_t a1, std::size_t a2, std::size_t a3,
                            int rank, std::size_t e0, std::size_t e1, std::size_t e2, std::size_t e3, bool backward) {
    const std::size_t a[4] = {a0, a1, a2, a3}, e[4] = {e0, e1, e2, e3};
    std::size_t extent[4] = {1, 1, 1, 1}, stride[4] = {0, 0, 0, 0}, step = 1;
    for (int k = 0; k < rank; ++k) extent[4 - rank + k] = e[k];
    for (int j = a_rank - 1; j >= 0; --j) {
        stride[4 - a_rank + j] = a[j] == 1 ? 0 : step;
        step *= a[j];
    }
    std::size_t k = 0;
    for (std::size_t i0 = 0; i0 < extent[0]; ++i0)
        for (std::size_t i1 = 0; i1 < extent[1]; ++i1)
            for (std::size_t i2 = 0; i2 < extent[2]; ++i2)
                for (std::size_t i3 = 0; i3 < extent[3]; ++i3, ++k) {
                    const std::size_t at = i0 * stride[0] + i1 * stride[1] + i2 * stride[2] + i3 * stride[3];
                    if (backward) x[at] += y[k];
                    else x[k] = y[at];
                }
}
#endif
)"}};
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        if constexpr (S.rank >= 3) {
            detail::image_broadcast(out.dims, a.dims).each([&](std::size_t k, std::size_t from) { out[k] = a[from]; });
            return;
        }
        const detail::broadcast_strides sa(a.dims);
        for (std::size_t i = 0; i < out.dims.rows; ++i)  // S at the bound batch
            for (std::size_t j = 0; j < out.dims.cols; ++j) out(i, j) = a[i * sa.row + j * sa.col];
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        if (!accumulate)
            for (std::size_t k = 0; k < dst.dims.size(); ++k) dst[k] = T(0);
        if constexpr (S.rank >= 3) {
            detail::image_broadcast(adj.dims, dst.dims).each([&](std::size_t k, std::size_t to) { dst[to] += adj[k]; });
            return;
        }
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

/// reduce_to up to rank 2 (below).
template <shape Target, shape From, class A>
constexpr auto reduce_matrix_to(const A& a) {
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

/// reduce_to at rank 3 and 4 (From's rank): each axis Target repeats summed with keepdims,
/// then the result reshaped to Target (the same elements); a scalar adjoint that stands for
/// every element of From, times the elements each of Target's stands for.
template <shape Target, shape From, int Axis = 0, class A>
constexpr auto reduce_image_to(const A& a) {
    constexpr shape s = shape_of<A>{};
    if constexpr (s.rank == 0) {
        static_assert(!From.batched() || Target.batched(),
                      "ctgrad::diff: a derivative would be multiplied by the run-time batch, which is not an expression; "
                      "value_and_grad and workspaces differentiate it");
        return make_mul(constant<static_cast<std::intmax_t>((From.rows * From.cols) / (Target.rows * Target.cols))>{}, a);
    } else if constexpr (Target.rank == 0) {
        return make_sum(a);
    } else if constexpr (Axis == From.rank) {
        return make_reshape<Target>(a);
    } else {
        static_assert(s == From || Axis > 0, "ctgrad: an adjoint at rank 3 and 4 is its node's shape or a scalar");
        constexpr int j = Axis - (From.rank - (Target.rank < 1 ? 0 : Target.rank));
        constexpr bool repeated = !(j >= 0 && batched_axis(Target, j)) &&
                                  (j < 0 || Target.extent(j) == 1) && (From.extent(Axis) != 1 || batched_axis(From, Axis));
        if constexpr (repeated) return reduce_image_to<Target, From, Axis + 1>(make_sum_axis<Axis, true>(a));
        else return reduce_image_to<Target, From, Axis + 1>(a);
    }
}

/// An adjoint `a` that stands for its broadcast to shape From (an adjoint may stay smaller than
/// its node), summed down to shape Target: over each axis where Target has extent 1 and From
/// does not, a sum where a has that extent, else a times the extent (the sum of equal
/// elements). The result may again stay smaller than Target, which it broadcasts to.
template <shape Target, shape From, class A>
static constexpr auto reduce_to(const A& a) {
    if constexpr (From.rank >= 3) return reduce_image_to<Target, From>(a);
    else return reduce_matrix_to<Target, From>(a);
}

/// `a` as Target where they differ only in rank (a 1 x n matrix and a vector of n), or where
/// a is smaller and broadcasts to it.
template <shape Target, class A>
static constexpr auto reduce_to(const A& a) {
    return reduce_to<Target, Target>(a);
}
}  // namespace detail
}  // namespace ctgrad
// reduce_to reshapes a summed adjoint back to its operand's rank (make_reshape)
#include <ctgrad/ops/reshape.hpp>
