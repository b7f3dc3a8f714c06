// ctgrad/core/point.hpp - a point: values for variables, made by at(x = 1.0, ...).
#pragma once
#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/detail/name_index.hpp>

namespace ctgrad {

/// Values of type T for the variables Names..., in that order.
template <class T, fixed_string... Names>
struct point {
    using value_type = T;
    static constexpr std::size_t size = sizeof...(Names);
    static constexpr std::array<std::string_view, sizeof...(Names)> names{Names.view()...};
    static constexpr std::array<std::uint64_t, sizeof...(Names)> hashes{detail::name_hash<var<Names>>()...};
    static constexpr std::array<shape, sizeof...(Names)> shapes{};  // all scalars
    static constexpr detail::name_index<sizeof...(Names)> index{hashes};
    std::array<T, sizeof...(Names)> values;

    /// Position of a variable (given its hash and name), or -1.
    static constexpr int index_of(std::uint64_t hash, std::string_view name) { return index.find(hash, name, names); }
    /// Where each variable's value is (valid while this point lives).
    constexpr std::array<const T*, sizeof...(Names)> pointers() const {
        std::array<const T*, sizeof...(Names)> p{};
        for (std::size_t i = 0; i < sizeof...(Names); ++i) p[i] = &values[i];
        return p;
    }
    /// p[x1]: the value bound to x1.
    template <fixed_string Name>
    constexpr const T& operator[](var<Name>) const {
        constexpr int i = index_of(detail::name_hash<var<Name>>(), Name.view());
        static_assert(i >= 0, "ctgrad::point::operator[]: this variable has no value in the point");
        return values[i];
    }
};

namespace detail {
template <class P>
struct is_point_t : std::false_type {};
template <class T, fixed_string... Names>
struct is_point_t<point<T, Names...>> : std::true_type {};

template <class T>
using point_scalar = std::conditional_t<std::is_integral<T>::value, double, T>;
}  // namespace detail

/// A point p (p.values[i] is the value of the i-th variable) for eval, diff and value_and_grad.
template <class P>
concept point_like = detail::is_point_t<std::remove_cvref_t<P>>::value;

/// at(x1 = 1.0, x2 = -1.0): the value type is the common type of the values
/// (integers become double). Binding one variable twice is a compile-time error.
template <fixed_string... Names, class... Ts>
constexpr auto at(const binding<Names, Ts>&... bindings) {
    static_assert(sizeof...(Names) > 0, "ctgrad::at: give at least one binding, as in at(x = 1.0)");
    using T = detail::point_scalar<std::common_type_t<Ts...>>;
    using P = point<T, Names...>;
    constexpr int twice = detail::first_duplicate(P::hashes, P::names);
    if constexpr (twice >= 0)
        CTGRAD_REPORT_VARIABLE(at_binds_each_variable_once, at_binds_a_variable_twice,
                               "ctgrad::at: a variable is bound twice", (diagnostic::name_at<P::names, twice>::value));
    return point<T, Names...>{{static_cast<T>(bindings.value)...}};
}
}  // namespace ctgrad
