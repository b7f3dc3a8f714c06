// ctgrad/derivatives.hpp - grad, hessian, jacobian and Hessian-vector products, built on
// diff (symbolic) and value_and_grad (one forward and one reverse sweep).
#pragma once
#include <array>
#include <cstddef>
#include <tuple>
#include <utility>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/diff.hpp>
#include <ctgrad/eval.hpp>
#include <ctgrad/ops/add.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/reverse.hpp>

namespace ctgrad {

/// grad(f, wrt(a, b), p): the gradient alone (g[a], g.values in wrt order).
template <expression E, wrt_like W, point_like P>
constexpr auto grad(const E& f, W w, const P& p) {
    return value_and_grad(f, w, p).grad;
}

namespace detail {
/// The position of variable Name in a wrt list; naming the variable if it is not there.
template <fixed_string Name, class... Vars>
constexpr std::size_t wrt_position() {
    constexpr int i = []() consteval {
        constexpr std::array<std::string_view, sizeof...(Vars)> names{Vars::name.view()...};
        for (std::size_t k = 0; k < names.size(); ++k)
            if (names[k] == Name.view()) return static_cast<int>(k);
        return -1;
    }();
    if constexpr (i < 0)
        CTGRAD_REPORT_VARIABLE(gradient_has_a_partial_for_variable, gradient_has_no_partial_for_variable,
                               "ctgrad::grad, hessian: the variable is not in the wrt(...) list", var<Name>::name_view);
    return i < 0 ? 0 : static_cast<std::size_t>(i);
}
}  // namespace detail

/// The partial derivatives of an expression as expressions, indexed by variable.
template <class Derivatives, class... Vars>
struct gradient_expressions {
    Derivatives derivatives;  // std::tuple of diff(f, Vars)...

    template <fixed_string Name, std::size_t... Extents>
    constexpr const auto& operator[](var<Name, Extents...>) const {
        return std::get<detail::wrt_position<Name, Vars...>()>(derivatives);
    }
    static constexpr std::size_t size() { return sizeof...(Vars); }
};

/// grad(f, wrt(a, b)) without a point: the derivative expressions (g[a] is diff(f, a)).
template <expression E, class... Vars>
constexpr auto grad(const E& f, wrt_list<Vars...>) {
    auto d = std::make_tuple(diff(f, Vars{})...);
    return gradient_expressions<decltype(d), Vars...>{d};
}

/// A symmetric matrix of second partial derivatives: h(a, b), or h.values[i][j] in wrt order.
template <class T, class... Vars>
struct hessian_matrix {
    static constexpr std::size_t n = sizeof...(Vars);
    std::array<std::array<T, n>, n> values{};

    template <fixed_string A, fixed_string B>
    constexpr const T& operator()(var<A>, var<B>) const {
        return values[index<A>()][index<B>()];
    }

private:
    template <fixed_string Name>
    static constexpr std::size_t index() {
        return detail::wrt_position<Name, Vars...>();
    }
};

namespace detail {
/// The upper triangle (i <= j) of second derivatives, in row order, as one tuple of roots.
template <class E, class... Vars, std::size_t... K>
constexpr auto upper_triangle(const E& f, std::index_sequence<K...>) {
    constexpr std::size_t n = sizeof...(Vars);
    constexpr auto pairs = []() consteval {
        std::array<std::pair<std::size_t, std::size_t>, n * (n + 1) / 2> out{};
        std::size_t k = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i; j < n; ++j) out[k++] = {i, j};
        return out;
    }();
    using vars = std::tuple<Vars...>;
    return std::make_tuple(
        diff(f, std::tuple_element_t<pairs[K].first, vars>{}, std::tuple_element_t<pairs[K].second, vars>{})...);
}
}  // namespace detail

/// hessian(f, wrt(a, b), p): every distinct second derivative once, all evaluated in one
/// forward sweep over their shared subexpressions; the lower triangle mirrors the upper.
template <expression E, class... Vars, point_like P>
    requires((Vars::shape.rank == 0) && ...)  // tensor variables: second_order.hpp
constexpr auto hessian(const E& f, wrt_list<Vars...>, const P& p) {
    using T = typename P::value_type;
    constexpr std::size_t n = sizeof...(Vars);
    constexpr std::size_t m = n * (n + 1) / 2;
    auto roots = detail::upper_triangle<E, Vars...>(f, std::make_index_sequence<m>{});
    hessian_matrix<T, Vars...> h;
    std::apply(
        [&](const auto&... r) {
            using prog = detail::program_of<T, std::remove_cvref_t<decltype(r)>...>;
            auto v = detail::forward_values<T>(p, r...);
            std::size_t k = 0;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = i; j < n; ++j) {
                    T value = v[detail::value_layout<prog>::value.offset_at(static_cast<std::size_t>(prog::value.roots[k++]), p.batch())];
                    h.values[i][j] = value;
                    h.values[j][i] = value;
                }
        },
        roots);
    return h;
}

/// hvp(f, wrt(a, b), p, v): the Hessian-vector product H v, as the gradient of the
/// directional derivative sum_i v_i df/dx_i (reverse over symbolic forward): no n x n matrix.
template <expression E, class... Vars, point_like P>
constexpr auto hvp(const E& f, wrt_list<Vars...> w, const P& p,
                   const std::array<typename P::value_type, sizeof...(Vars)>& v) {
    auto directional = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (... + (v[I] * diff(f, Vars{})));
    }(std::index_sequence_for<Vars...>{});
    return value_and_grad(directional, w, p).grad;
}

/// jacobian(std::tuple{f1, f2, ...}, wrt(a, b), p): row r is the gradient of output r.
template <class... Es, class... Vars, point_like P>
    requires(expression<Es> && ...)
constexpr auto jacobian(const std::tuple<Es...>& outputs, wrt_list<Vars...> w, const P& p) {
    using T = typename P::value_type;
    std::array<std::array<T, sizeof...(Vars)>, sizeof...(Es)> rows{};
    [&]<std::size_t... R>(std::index_sequence<R...>) {
        ((rows[R] = value_and_grad(std::get<R>(outputs), w, p).grad.values), ...);
    }(std::index_sequence_for<Es...>{});
    return rows;
}
}  // namespace ctgrad
