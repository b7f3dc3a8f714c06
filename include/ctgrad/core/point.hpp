// ctgrad/core/point.hpp - a point: values for variables, made by at(x = 1.0, ...).
#pragma once
#include <array>
#include <cstddef>
#include <span>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/core/variable_list.hpp>
#include <ctgrad/detail/name_index.hpp>
#include <ctgrad/detail/pack.hpp>

namespace ctgrad {

namespace detail {
/// Where each of a point's values is (an owning point and a view share this).
template <class T, std::size_t N>
constexpr std::array<const T*, N> value_pointers(std::span<const T, N> values) {
    std::array<const T*, N> p{};
    for (std::size_t i = 0; i < N; ++i) p[i] = &values[i];
    return p;
}
/// A variable's name as a static string_view, for the diagnostics.
template <fixed_string Name>
struct static_name {
    static constexpr std::string_view value = Name.view();
};
/// The position of variable Name in point type P; naming the variable if P has no value for it.
template <class P, fixed_string Name>
constexpr std::size_t position_in() {
    constexpr int i = P::index_of(name_hash<var<Name>>(), Name.view());
    if constexpr (i < 0)
        CTGRAD_REPORT_VARIABLE(point_has_a_value_for_variable, point_has_no_value_for_variable,
                               "ctgrad::point::operator[]: the point has no value for this variable",
                               static_name<Name>::value);
    return i < 0 ? 0 : std::size_t(i);
}
}  // namespace detail

/// Values of type T for the variables Names..., in that order.
template <class T, fixed_string... Names>
struct point {
    using value_type = T;
    static constexpr std::size_t size = sizeof...(Names);
    static constexpr std::array<std::string_view, sizeof...(Names)> names{Names.view()...};
    static constexpr std::array<std::uint64_t, sizeof...(Names)> hashes{detail::name_hash<var<Names>>()...};
    static constexpr std::array<shape, sizeof...(Names)> shapes{};  // all scalars
    static constexpr detail::name_index<sizeof...(Names)> index{hashes};
    /// The names' short key: what a point's map into a program is named by.
    using key = detail::name_list_key<Names...>;
    std::array<T, sizeof...(Names)> values;

    /// Position of a variable (given its hash and name), or -1.
    static constexpr int index_of(std::uint64_t hash, std::string_view name) { return index.find(hash, name, names); }
    /// Where each variable's value is (valid while this point lives).
    constexpr auto pointers() const { return detail::value_pointers(std::span<const T, sizeof...(Names)>(values)); }
    /// p[x1]: the value bound to x1.
    template <fixed_string Name>
    constexpr const T& operator[](var<Name>) const { return values[detail::position_in<point, Name>()]; }
};

/// A point over values the caller keeps (at(wrt(w...), span)): nothing is copied, so a
/// gradient reads the caller's buffer as hand-written code would. Valid while they live.
template <class T, fixed_string... Names>
struct point_view {
    using value_type = T;
    using owning = point<T, Names...>;
    static constexpr std::size_t size = owning::size;
    static constexpr const auto& names = owning::names;
    static constexpr const auto& hashes = owning::hashes;
    static constexpr const auto& shapes = owning::shapes;
    using key = typename owning::key;
    std::span<const T, sizeof...(Names)> values;

    static constexpr int index_of(std::uint64_t hash, std::string_view name) { return owning::index_of(hash, name); }
    constexpr auto pointers() const { return detail::value_pointers(values); }
    template <fixed_string Name>
    constexpr const T& operator[](var<Name>) const { return values[detail::position_in<point_view, Name>()]; }
};

namespace detail {
template <class P>
struct is_point_t : std::false_type {};
template <class T, fixed_string... Names>
struct is_point_t<point<T, Names...>> : std::true_type {};
template <class T, fixed_string... Names>
struct is_point_t<point_view<T, Names...>> : std::true_type {};

/// A point that owns its values: p itself, or a copy of a view's (to perturb them: check_grad).
template <class T, fixed_string... Names>
constexpr const point<T, Names...>& owned(const point<T, Names...>& p) {
    return p;
}
template <class T, fixed_string... Names>
constexpr point<T, Names...> owned(const point_view<T, Names...>& p) {
    point<T, Names...> out{};
    for (std::size_t i = 0; i < sizeof...(Names); ++i) out.values[i] = p.values[i];
    return out;
}

template <class T>
using point_scalar = std::conditional_t<std::is_integral<T>::value, double, T>;

/// point_scalar<common_type_t<Ts...>> for arithmetic values, without common_type's recursion
/// (one level per binding: clang stops at 1024, a 1,700-weight network binds more): the widest
/// floating type among them, double if there is none.
template <class... Ts>
constexpr auto common_point_scalar() {
    if constexpr (!all_of_v<std::is_arithmetic_v<Ts>...>) {
        return point_scalar<std::common_type_t<Ts...>>{};
    } else {
        constexpr int widest = []() consteval {
            const std::array<int, sizeof...(Ts) + 1> ranks{
                0, (std::is_same_v<Ts, long double> ? 3 : std::is_same_v<Ts, double> ? 2 : std::is_floating_point_v<Ts> ? 1 : 0)...};
            int r = 0;
            for (int k : ranks) r = k > r ? k : r;
            return r;
        }();
        if constexpr (widest == 1) return float{};
        else if constexpr (widest == 3) return static_cast<long double>(0);
        else return double{};
    }
}
}  // namespace detail

/// A point p (p.values[i] is the value of the i-th variable) for eval, diff and value_and_grad.
template <class P>
concept point_like = detail::is_point_t<std::remove_cvref_t<P>>::value;

/// at(x1 = 1.0, x2 = -1.0): the value type is the common type of the values
/// (integers become double). Binding one variable twice is a compile-time error.
template <fixed_string... Names, class... Ts>
constexpr auto at(const binding<Names, Ts>&... bindings) {
    static_assert(sizeof...(Names) > 0, "ctgrad::at: give at least one binding, as in at(x = 1.0)");
    using T = decltype(detail::common_point_scalar<Ts...>());
    using P = point<T, Names...>;
    constexpr int twice = detail::first_duplicate(P::hashes, P::names);
    if constexpr (twice >= 0)
        CTGRAD_REPORT_VARIABLE(at_binds_each_variable_once, at_binds_a_variable_twice,
                               "ctgrad::at: a variable is bound twice", (diagnostic::name_at<P::names, twice>::value));
    return point<T, Names...>{{static_cast<T>(bindings.value)...}};
}
}  // namespace ctgrad
