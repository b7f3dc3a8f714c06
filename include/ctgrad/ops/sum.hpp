// ctgrad/ops/sum.hpp - reductions: sum(A) of every element, sum<Axis>(A) along one axis
// (NumPy's: sum<0> of an m x n matrix is its n column sums, sum<1> its m row sums; with
// keepdims a (1 x n) row or an (m x 1) column), and mean(A), mean<Axis>(A) the same divided by
// the number of elements summed. Their vector-Jacobian products broadcast the adjoint back. Plain
// loops: a reduction is one pass, which Eigen would not beat, and its tiny-size code paths
// trip g++ 12's -Warray-bounds.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
/// to_cpp's copies of the reductions and their vector-Jacobian products.
inline constexpr std::string_view sum_cpp_helpers = R"(#ifndef CTGRAD_CPP_SUM
#define CTGRAD_CPP_SUM
template <class T>
void ctgrad_sum(T* out, const T* a, std::size_t n) {
    T s = T(0);
    for (std::size_t k = 0; k < n; ++k) s += a[k];
    out[0] = s;
}
template <class T>
void ctgrad_sum_vjp(T* d, const T* adj, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) d[k] += adj[0];
}
// axis 0: the column sums, axis 1: the row sums (kept or not, the same elements)
template <class T>
void ctgrad_sum_axis(T* out, const T* a, std::size_t rows, std::size_t cols, int axis) {
    for (std::size_t k = 0; k < (axis == 0 ? cols : rows); ++k) out[k] = T(0);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) out[axis == 0 ? j : i] += a[i * cols + j];
}
template <class T>
void ctgrad_sum_axis_vjp(T* d, const T* adj, std::size_t rows, std::size_t cols, int axis) {
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) d[i * cols + j] += adj[axis == 0 ? j : i];
}
#endif
)";
}  // namespace detail
namespace ops {
/// sum(A): every element; a vector's sum<0> too.
struct sum {
    static constexpr std::string_view id = "sum";
    static constexpr int rank = 3;
    static constexpr print_format text{"sum($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\textstyle\\sum\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {0, 0}};  // only the adjoint
    static constexpr cpp_code cpp{.value = "ctgrad_sum($out, $0, $R0 * $C0);",
                                  .backward = {"ctgrad_sum_vjp($dst, $adj, $R0 * $C0);"},
                                  .helpers = {detail::sum_cpp_helpers}};
    static constexpr shape result_shape(shape) { return {}; }
    /// The scalar adjoint, broadcast to the operand where it is used.
    template <std::size_t> static constexpr auto vjp(const auto&, const auto& adj, const auto&) { return adj; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        T s = T(0);
        for (std::size_t k = 0; k < a.dims.size(); ++k) s += a[k];
        out[0] = s;
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        for (std::size_t k = 0; k < dst.dims.size(); ++k) dst[k] = (accumulate ? dst[k] : T(0)) + adj[0];
    }
};

/// sum<Axis>(A) of a matrix: Axis 0 sums the rows together (n column sums), Axis 1 the
/// columns (m row sums). KeepDims keeps the summed axis as an extent of 1, as NumPy's keepdims:
/// a (1 x n) row or an (m x 1) column, which broadcasts back against A.
template <std::size_t Axis, bool KeepDims = false>
struct sum_axis {
    static constexpr std::string_view id = "sum_axis";
    static constexpr int rank = 3;
    static constexpr print_format text{KeepDims ? (Axis == 0 ? "sum<0, keepdims>($0)" : "sum<1, keepdims>($0)")
                                                : (Axis == 0 ? "sum<0>($0)" : "sum<1>($0)"),
                                       precedence::atom, 0};
    static constexpr print_format latex{Axis == 0 ? "\\textstyle\\sum_{0}\\left($0\\right)" : "\\textstyle\\sum_{1}\\left($0\\right)",
                                        precedence::atom, 0};
    static constexpr op_properties properties{.param = Axis + (KeepDims ? 2 : 0), .reverse_reads = {0, 0}};
    static constexpr cpp_code cpp{.value = Axis == 0 ? "ctgrad_sum_axis($out, $0, $R0, $C0, 0);" : "ctgrad_sum_axis($out, $0, $R0, $C0, 1);",
                                  .backward = {Axis == 0 ? "ctgrad_sum_axis_vjp($dst, $adj, $R0, $C0, 0);"
                                                         : "ctgrad_sum_axis_vjp($dst, $adj, $R0, $C0, 1);"},
                                  .helpers = {detail::sum_cpp_helpers}};
    static constexpr shape result_shape(shape a) {
        // the extent kept may be the batch; a vector's entries then are
        const bool cols_batched = a.batch == batch_axis::cols, rows_batched = a.batch == batch_axis::rows;
        if constexpr (KeepDims)
            return Axis == 0 ? shape{2, 1, a.cols, cols_batched ? batch_axis::cols : batch_axis::none}
                             : shape{2, a.rows, 1, rows_batched ? batch_axis::rows : batch_axis::none};
        else
            return Axis == 0 ? shape{1, 1, a.cols, cols_batched ? batch_axis::cols : batch_axis::none}
                             : shape{1, 1, a.rows, rows_batched ? batch_axis::cols : batch_axis::none};
    }
    /// Axis 0: the adjoint (a row) broadcast over the rows; axis 1: as a column, over the
    /// columns (with KeepDims the adjoint is that column already).
    template <std::size_t> static constexpr auto vjp(const auto&, const auto& adj, const auto&) {
        if constexpr (Axis == 0 || KeepDims) return adj;
        else return detail::make_transpose(adj);
    }
    // the same elements in the same order with or without KeepDims
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        for (std::size_t k = 0; k < out.dims.size(); ++k) out[k] = T(0);
        for (std::size_t i = 0; i < a.dims.rows; ++i)  // row by row: contiguous, vectorizable for Axis 0
            for (std::size_t j = 0; j < a.dims.cols; ++j) out[Axis == 0 ? j : i] += a(i, j);
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        for (std::size_t i = 0; i < dst.dims.rows; ++i)
            for (std::size_t j = 0; j < dst.dims.cols; ++j)
                dst(i, j) = (accumulate ? dst(i, j) : T(0)) + adj[Axis == 0 ? j : i];
    }
};

/// mean(A) of a tensor with the run-time batch: sum(A) divided by its number of elements at the
/// bound batch (a static tensor's mean is sum(A) times an exact constant instead).
struct batch_mean {
    static constexpr std::string_view id = "batch_mean";
    static constexpr int rank = 3;
    static constexpr print_format text{"mean($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\operatorname{mean}\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {0, 0}};  // only the adjoint
    static constexpr shape result_shape(shape) { return {}; }
    template <std::size_t, class Self>
    static constexpr auto vjp(const Self&, const auto& adj, const auto&) {
        static_assert(sizeof(Self) == 0,
                      "ctgrad::diff: the mean over the run-time batch has no symbolic derivative (1 / batch is not an "
                      "expression); value_and_grad and workspaces differentiate it");
        return adj;
    }
    // times 1/n, as a static mean's exact constant: a batch of n rows gives the same bits as a
    // static batch of n
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        const std::size_t n = a.dims.size();
        T s = T(0);
        for (std::size_t k = 0; k < n; ++k) s += a[k];
        out[0] = T(1) / T(n) * s;
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        const T share = adj[0] * (T(1) / T(dst.dims.size()));
        for (std::size_t k = 0; k < dst.dims.size(); ++k) dst[k] = (accumulate ? dst[k] : T(0)) + share;
    }
};
}  // namespace ops

namespace detail {
template <class A>
static constexpr auto make_sum(const A& a) {
    if constexpr (shape_of<A>{}.rank == 0) return a;
    else if constexpr (exact_scaled<A>)  // sum(c A) = c sum(A)
        return make_mul(a.template operand<0>(), make_sum(a.template operand<1>()));
    else return detail::make_node<node<ops::sum, A>>(a);
}
template <std::size_t Axis, bool KeepDims, class A>
static constexpr auto make_sum_axis(const A& a) {
    if constexpr (shape_of<A>{}.rank < 2) return make_sum(a);  // a vector's: a scalar, which broadcasts as (1) does
    else if constexpr (exact_scaled<A>)
        return make_mul(a.template operand<0>(), make_sum_axis<Axis, KeepDims>(a.template operand<1>()));
    else return detail::make_node<node<ops::sum_axis<Axis, KeepDims>, A>>(a);
}
}  // namespace detail

/// sum(A): the sum of every element of A (of a scalar, the scalar).
template <expression A>
static constexpr auto sum(const A& a) {
    return detail::make_sum(a);
}

/// For sum<Axis, keepdims>(A) and mean<Axis, keepdims>(A): keep the reduced axis (extent 1).
inline constexpr bool keepdims = true;

/// sum<Axis>(A): NumPy's sum along one axis (a vector has axis 0 only); sum<Axis, keepdims>(A)
/// keeps the axis: sum<1, keepdims>(X) of an (m x n) X is an (m x 1) column, and X -
/// sum<1, keepdims>(X) / n subtracts each row's mean.
template <std::size_t Axis, bool KeepDims = false, expression A>
static constexpr auto sum(const A& a) {
    constexpr shape s = detail::shape_of<A>{};
    if constexpr (!detail::check_rank_at_most_two<ops::sum_axis<Axis>, s>()) {
        return a;
    } else if constexpr (Axis >= static_cast<std::size_t>(s.rank)) {
        CTGRAD_REPORT_SHAPES(axis_exists, axis_does_not_exist, "ctgrad::sum<Axis>: the operand has no such axis",
                             ops::sum_axis<Axis>, detail::shape_diagnostic<s>, diagnostic::vector<Axis>);
        return a;
    } else {
        return detail::make_sum_axis<Axis, KeepDims>(a);
    }
}

/// mean(A): sum(A) / (number of elements; with the run-time batch, at the bound batch).
template <expression A>
static constexpr auto mean(const A& a) {
    if constexpr (detail::shape_of<A>{}.value.batched()) return detail::make_node<node<ops::batch_mean, A>>(a);
    else return detail::make_mul(constant<1, static_cast<std::intmax_t>(detail::shape_of<A>{}.size())>{}, sum(a));
}

/// mean<Axis>(A): sum<Axis>(A) / (A's extent along Axis); mean<Axis, keepdims>(A) keeps the axis.
template <std::size_t Axis, bool KeepDims = false, expression A>
static constexpr auto mean(const A& a) {
    constexpr shape s = detail::shape_of<A>{};
    constexpr std::size_t extent = Axis == 0 && s.rank == 2 ? s.rows : s.cols;
    constexpr bool over_batch = Axis == 0 && s.rank == 2 ? s.batch == batch_axis::rows : s.batch == batch_axis::cols;
    if constexpr (!detail::check_rank_at_most_two<ops::sum_axis<Axis>, s>()) {
        return a;
    } else if constexpr (Axis >= static_cast<std::size_t>(s.rank)) {
        CTGRAD_REPORT_SHAPES(axis_exists, axis_does_not_exist, "ctgrad::mean<Axis>: the operand has no such axis",
                             ops::sum_axis<Axis>, detail::shape_diagnostic<s>, diagnostic::vector<Axis>);
        return a;
    } else if constexpr (over_batch) {
        CTGRAD_REPORT_SHAPES(reduction_keeps_the_batch, reduction_over_the_batch_is_not_supported,
                             "ctgrad::mean<Axis>: the axis is the run-time batch; use mean(A) or sum<Axis>(A)",
                             ops::sum_axis<Axis>, detail::shape_diagnostic<s>, diagnostic::vector<Axis>);
        return a;
    } else {
        return detail::make_mul(constant<1, static_cast<std::intmax_t>(extent)>{}, detail::make_sum_axis<Axis, KeepDims>(a));
    }
}
}  // namespace ctgrad
