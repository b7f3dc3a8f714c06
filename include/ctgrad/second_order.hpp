// ctgrad/second_order.hpp - second order with tensor variables: hvp(f, wrt(W, b), p, at(W = dW,
// b = db)) is H v as the gradient of the directional derivative sum_i <v_i, df/dx_i>, one
// forward and one reverse sweep over both (the direction is bound to variables of each x_i's
// shape, so no Hessian is built); hessian(f, wrt(w, v), p) with tensor variables is one hvp
// per basis direction, read in blocks h(w, v)(i, j).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/tensor.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/derivatives.hpp>
#include <ctgrad/diff.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/add.hpp>
#include <ctgrad/ops/sum.hpp>
#include <ctgrad/reverse.hpp>

namespace ctgrad {
namespace detail {
/// "~W": the name of the variable holding the direction for W (no user name starts with '~'
/// in practice; the name is seen only in the directional derivative's printout).
template <fixed_string Name>
consteval auto direction_name() {
    fixed_string<Name.size() + 1> out;
    out.chars[0] = '~';
    for (std::size_t i = 0; i < Name.size(); ++i) out.chars[i + 1] = Name.chars[i];
    return out;
}
/// The variable bound to the direction along X: X's shape, named "~" + X's name.
template <class X>
using direction_of = typename var_with_extents<direction_name<X::name>(), X::shape.rank, X::shape.rows, X::shape.cols,
                                                 batch_axis::none, X::shape.tail[0], X::shape.tail[1], X::shape.tail[2]>::type;

/// <v, df/dx>: v df/dx for a scalar x, sum(v * df/dx) for a tensor.
template <class X, class F>
constexpr auto directional_term(const F& f) {
    if constexpr (X::shape.rank == 0) return direction_of<X>{} * diff(f, X{});
    else return sum(direction_of<X>{} * diff(f, X{}));
}

/// The position of X in the direction point Q, checked at compile time: Q binds X, with X's shape.
template <class Q, class X>
consteval std::size_t direction_position() {
    constexpr int k = Q::index_of(name_hash<X>(), X::name.view());
    if constexpr (k < 0) {
        CTGRAD_REPORT_VARIABLE(point_binds_every_variable_of_the_expression, eval_finds_no_value_for_variable,
                               "ctgrad::hvp: the direction binds no value for a variable of wrt(...)", X::name_view);
        return 0;
    } else {
        if constexpr (!(Q::shapes[std::size_t(k)] == X::shape)) {
            constexpr shape bound = Q::shapes[std::size_t(k)], expected = X::shape;
            CTGRAD_REPORT_VARIABLE_SHAPES(point_binds_the_variable_s_shape, point_binds_the_variable_with_another_shape,
                                          "ctgrad::hvp: the direction binds a variable with another shape than its own",
                                          X::name_view, shape_diagnostic<bound>, shape_diagnostic<expected>);
        }
        return std::size_t(k);
    }
}

/// p with the direction q bound to the direction variables of Xs...: one point for one sweep.
template <class P, class Q, class... Xs>
constexpr auto with_direction(const P& p, const Q& q, wrt_list<Xs...>) {
    using T = typename P::value_type;
    const std::array<const T*, sizeof...(Xs)> direction{[&] {
        constexpr std::size_t k = direction_position<Q, Xs>();
        if constexpr (Xs::shape.rank == 0) return &q.values[k];
        else return q.data[k];
    }()...};
    return joined_point<direction_of<Xs>...>(p, direction);
}
}  // namespace detail

/// hvp(f, wrt(W, b), p, at(W = dW, b = db)): the Hessian-vector product H v for a direction v of
/// each variable's shape (a point binding every variable of wrt), indexed like a gradient:
/// r[W] has W's shape. One forward and one reverse sweep; the Hessian is never formed.
template <expression E, class... Vars, point_like P, point_like Q>
constexpr auto hvp(const E& f, wrt_list<Vars...> w, const P& p, const Q& direction) {
    static_assert(std::is_same_v<typename P::value_type, typename Q::value_type>,
                  "ctgrad::hvp: the point and the direction have different element types");
    const auto directional = (... + detail::directional_term<Vars>(f));
    return value_and_grad(directional, w, detail::with_direction(p, direction, w)).grad;
}

/// The Hessian of f over the elements of tensor (and scalar) variables Vars..., n x n for n
/// elements in all; h(w, v) is the block of d2f / dw dv, read h(w, v)(i, j) with i and j the
/// row-major element indices of w and v.
template <class T, class... Vars>
struct hessian_blocks {
    static constexpr std::size_t n = (Vars::shape.size() + ...);
    static constexpr std::array<std::size_t, sizeof...(Vars)> offsets = [] {
        std::array<std::size_t, sizeof...(Vars)> o{};
        std::size_t at = 0, k = 0;
        ((o[k++] = at, at += Vars::shape.size()), ...);
        return o;
    }();
    tensor<T, shape{2, n, n}> values{};  // row-major over every element of Vars... in wrt order

    /// A block of the Hessian: rows are one variable's elements, columns another's.
    struct block {
        const T* first;
        std::size_t rows_, cols_;
        constexpr const T& operator()(std::size_t i, std::size_t j) const { return first[i * n + j]; }
        constexpr std::size_t rows() const { return rows_; }
        constexpr std::size_t cols() const { return cols_; }
    };
    template <fixed_string A, std::size_t... EA, fixed_string B, std::size_t... EB>
    constexpr block operator()(var<A, EA...> a, var<B, EB...> b) const {
        constexpr std::size_t i = detail::wrt_position<A, Vars...>(), j = detail::wrt_position<B, Vars...>();
        return {values.data() + offsets[i] * n + offsets[j], decltype(a)::shape.size(), decltype(b)::shape.size()};
    }
};

/// hessian(f, wrt(W, b), p) with tensor variables: one hvp per element of W and b, along each
/// basis direction (n sweeps for n elements: for small tensors). The result is symmetric.
template <expression E, class... Vars, point_like P>
    requires(!((Vars::shape.rank == 0) && ...))
constexpr auto hessian(const E& f, wrt_list<Vars...> w, const P& p) {
    using T = typename P::value_type;
    using result = hessian_blocks<T, Vars...>;
    constexpr std::size_t n = result::n;
    result h;
    tensor<T, shape{1, 1, n}> basis{};
    basic_point<T, std::array<T, sizeof...(Vars)>, Vars...> direction{};
    if constexpr (decltype(direction)::has_tensors)
        for (std::size_t k = 0; k < sizeof...(Vars); ++k) direction.data[k] = basis.data() + result::offsets[k];
    for (std::size_t column = 0; column < n; ++column) {
        basis(column) = T(1);
        for (std::size_t k = 0; k < sizeof...(Vars); ++k) direction.values[k] = basis(result::offsets[k]);
        const auto column_values = hvp(f, w, p, direction);
        std::size_t k = 0;
        (
            [&] {
                const T* d = column_values.data(Vars{});
                for (std::size_t e = 0; e < Vars::shape.size(); ++e) h.values(result::offsets[k] + e, column) = d[e];
                ++k;
            }(),
            ...);
        basis(column) = T(0);
    }
    return h;
}
}  // namespace ctgrad
