// ctgrad/ops/sum.hpp - reductions: sum(A) of every element, sum<Axis>(A) along one axis
// (NumPy's: sum<0> of an m x n matrix is its n column sums, sum<1> its m row sums), and
// mean(A) = sum(A) / size. Their vector-Jacobian products broadcast the adjoint back. Plain
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
namespace ops {
/// sum(A): every element; a vector's sum<0> too.
struct sum {
    static constexpr std::string_view id = "sum";
    static constexpr int rank = 3;
    static constexpr print_format text{"sum($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\textstyle\\sum\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {0, 0}};  // only the adjoint
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
/// columns (m row sums).
template <std::size_t Axis>
struct sum_axis {
    static constexpr std::string_view id = "sum_axis";
    static constexpr int rank = 3;
    static constexpr print_format text{Axis == 0 ? "sum<0>($0)" : "sum<1>($0)", precedence::atom, 0};
    static constexpr print_format latex{Axis == 0 ? "\\textstyle\\sum_{0}\\left($0\\right)" : "\\textstyle\\sum_{1}\\left($0\\right)",
                                        precedence::atom, 0};
    static constexpr op_properties properties{.param = Axis, .reverse_reads = {0, 0}};
    static constexpr shape result_shape(shape a) { return {1, 1, Axis == 0 ? a.cols : a.rows}; }
    /// Axis 0: the adjoint (a row) broadcast over the rows; axis 1: as a column, over the columns.
    template <std::size_t> static constexpr auto vjp(const auto&, const auto& adj, const auto&) {
        if constexpr (Axis == 0) return adj;
        else return detail::make_transpose(adj);
    }
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
}  // namespace ops

namespace detail {
template <class A>
static constexpr auto make_sum(const A& a) {
    if constexpr (shape_of<A>{}.rank == 0) return a;
    else if constexpr (exact_scaled<A>)  // sum(c A) = c sum(A)
        return make_mul(a.template operand<0>(), make_sum(a.template operand<1>()));
    else return detail::make_node<node<ops::sum, A>>(a);
}
template <std::size_t Axis, class A>
static constexpr auto make_sum_axis(const A& a) {
    if constexpr (shape_of<A>{}.rank < 2) return make_sum(a);
    else if constexpr (exact_scaled<A>)
        return make_mul(a.template operand<0>(), make_sum_axis<Axis>(a.template operand<1>()));
    else return detail::make_node<node<ops::sum_axis<Axis>, A>>(a);
}
}  // namespace detail

/// sum(A): the sum of every element of A (of a scalar, the scalar).
template <expression A>
static constexpr auto sum(const A& a) {
    return detail::make_sum(a);
}

/// sum<Axis>(A): NumPy's sum along one axis. A vector has axis 0 only.
template <std::size_t Axis, expression A>
static constexpr auto sum(const A& a) {
    constexpr shape s = detail::shape_of<A>{};
    if constexpr (Axis >= static_cast<std::size_t>(s.rank)) {
        CTGRAD_REPORT_SHAPES(axis_exists, axis_does_not_exist, "ctgrad::sum<Axis>: the operand has no such axis",
                             ops::sum_axis<Axis>, detail::shape_diagnostic<s>, diagnostic::vector<Axis>);
        return a;
    } else {
        return detail::make_sum_axis<Axis>(a);
    }
}

/// mean(A): sum(A) / (number of elements).
template <expression A>
static constexpr auto mean(const A& a) {
    return detail::make_mul(constant<1, static_cast<std::intmax_t>(detail::shape_of<A>{}.size())>{}, sum(a));
}
}  // namespace ctgrad
