// ctgrad/core/wrt.hpp - wrt(a, b, ...): the variables to differentiate with respect to.
#pragma once
#include <array>
#include <span>
#include <cstddef>
#include <string_view>
#include <tuple>

#include <ctgrad/detail/pack.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/core/variable_list.hpp>

namespace ctgrad {

/// An ordered list of distinct variables. It may name variables an expression does
/// not use: their partial derivatives are 0.
template <class... Vars>
struct wrt_list {
    static constexpr std::size_t size = sizeof...(Vars);
    static constexpr std::array<std::string_view, sizeof...(Vars)> names{Vars::name.view()...};
    static constexpr std::array<std::uint64_t, sizeof...(Vars)> hashes{detail::name_hash<Vars>()...};
    /// The list's short key: what tables built from it are named by (core/variable_list.hpp).
    using key = detail::name_list_key<Vars::name...>;
};

namespace detail {
template <class W>
struct is_wrt_t : std::false_type {};
template <class... Vars>
struct is_wrt_t<wrt_list<Vars...>> : std::true_type {};
}  // namespace detail

template <class W>
concept wrt_like = detail::is_wrt_t<std::remove_cvref_t<W>>::value;

/// wrt(a, b, c): listing a variable twice, or one with the run-time batch, is a compile-time
/// error.
namespace detail {
template <class... Vars>
consteval int first_batched() {
    const bool batched[] = {false, Vars::shape.batched()...};
    for (std::size_t i = 1; i < sizeof...(Vars) + 1; ++i)
        if (batched[i]) return static_cast<int>(i - 1);
    return -1;
}
template <class... Vars>
constexpr auto checked_wrt() {
    using list = wrt_list<Vars...>;
    constexpr int twice = first_duplicate(list::hashes, list::names);
    if constexpr (twice >= 0)
        CTGRAD_REPORT_VARIABLE(wrt_lists_each_variable_once, wrt_lists_a_variable_twice,
                               "ctgrad::wrt: a variable is listed twice", (diagnostic::name_at<list::names, twice>::value));
    constexpr int batched = first_batched<Vars...>();
    if constexpr (batched >= 0)
        CTGRAD_REPORT_VARIABLE(wrt_lists_static_variables, wrt_lists_a_batched_variable,
                               "ctgrad::wrt: a variable with the run-time batch (data, var<\"X\", batch, n>) is not "
                               "differentiated by; list the parameters",
                               (diagnostic::name_at<list::names, batched>::value));
    return list{};
}
}  // namespace detail

template <class... Vars>
    requires detail::all_of_v<variable<Vars>...>  // (not variable... Vars: clang folds that)
constexpr auto wrt(Vars...) {
    return detail::checked_wrt<Vars...>();
}

/// Joins wrt lists: wrt(a, b) + wrt(c) is wrt(a, b, c).
template <class... A, class... B>
constexpr auto operator+(wrt_list<A...>, wrt_list<B...>) {
    return detail::checked_wrt<A..., B...>();  // no constrained pack: clang folds those (limit 256)
}

/// A point from variables and values in the same order: at(wrt(w...), values).
template <class T, class... Vars>
constexpr auto at(wrt_list<Vars...>, const std::array<T, sizeof...(Vars)>& values) {
    return point<T, Vars::name...>{values};
}
/// A point that reads the caller's values in place (no copy): at(wrt(w...), std::span(buffer)).
/// The span's extent is the number of variables; the values must outlive the point.
template <class T, std::size_t N, class... Vars>
constexpr auto at(wrt_list<Vars...>, std::span<T, N> values) {
    if constexpr (N != sizeof...(Vars)) {
        static_assert(N == sizeof...(Vars), "ctgrad::at: at(wrt(...), span) takes a span of static extent, one value per variable");
        return point<std::remove_const_t<T>, Vars::name...>{};  // a point, so the caller adds no second error
    } else {
        return point_view<std::remove_const_t<T>, Vars::name...>{values};
    }
}
}  // namespace ctgrad
