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

namespace detail {
/// A point's storage: its scalars, and where its tensors are when it binds any, and the batch
/// (the rows of its batched variables) when it binds one. A point of scalars has no second
/// member, not even an empty one: with one, g++ no longer copied the point as one block and
/// compiled the plain 8-32-4 network 1.28x slower.
template <class T, class Scalars, std::size_t Tensors, bool Batched = false>
struct point_storage {
    Scalars values;  // a scalar's value (a tensor's entry is unused)
    std::array<const T*, Tensors> data{};  // a tensor's elements, where the caller keeps them
    constexpr const T* const* bound() const { return data.data(); }
    static constexpr std::size_t batch() { return 1; }
};
template <class T, class Scalars, std::size_t Tensors>
struct point_storage<T, Scalars, Tensors, true> {
    Scalars values;
    std::array<const T*, Tensors> data{};
    std::size_t batch_rows = 0;  // the rows bound to every batched variable
    constexpr const T* const* bound() const { return data.data(); }
    constexpr std::size_t batch() const { return batch_rows; }
};
template <class T, class Scalars>
struct point_storage<T, Scalars, 0, false> {
    Scalars values;
    static constexpr const T* const* bound() { return nullptr; }
    static constexpr std::size_t batch() { return 1; }
};
}  // namespace detail

/// A point: a value for each variable of Vars... (var types, with their shapes). Scalars are
/// in `values` (Scalars: a std::array the point owns, or a std::span of the caller's values);
/// a tensor is read where the caller keeps it (`data`, never copied). The executor reads
/// both (scalars(), bound()); every point, of scalars or of tensors, is this one type.
template <class T, class Scalars, class... Vars>
struct basic_point
    : detail::point_storage<T, Scalars, (detail::any_of_v<(Vars::shape.rank > 0)...> ? sizeof...(Vars) : 0),
                            detail::any_of_v<Vars::shape.batched()...>> {
    using value_type = T;
    static constexpr std::size_t size = sizeof...(Vars);
    static constexpr std::array<std::string_view, size> names{Vars::name.view()...};
    static constexpr std::array<std::uint64_t, size> hashes{detail::name_hash<Vars>()...};
    static constexpr std::array<shape, size> shapes{Vars::shape...};
    static constexpr detail::name_index<size> index{hashes};
    static constexpr bool has_tensors = detail::any_of_v<(Vars::shape.rank > 0)...>;
    static constexpr bool batched = detail::any_of_v<Vars::shape.batched()...>;
    /// The names' short key: what a point's map into a program is named by.
    using key = detail::name_list_key<Vars::name...>;

    /// Position of a variable (given its hash and name), or -1.
    static constexpr int index_of(std::uint64_t hash, std::string_view name) { return index.find(hash, name, names); }
    /// The scalars, and where the tensors are (bound(): valid while the caller's storage lives);
    /// batch(): the rows bound to the batched variables (1 when there are none).
    constexpr const T* scalars() const { return this->values.data(); }
    /// p[x1]: the value bound to scalar x1.
    template <fixed_string Name>
    constexpr const T& operator[](var<Name>) const { return this->values[detail::position_in<basic_point, Name>()]; }
};

/// Values of type T for the scalar variables Names..., in that order.
template <class T, fixed_string... Names>
using point = basic_point<T, std::array<T, sizeof...(Names)>, var<Names>...>;

/// A point over values the caller keeps (at(wrt(w...), span)): nothing is copied, so a
/// gradient reads the caller's buffer as hand-written code would. Valid while they live.
template <class T, fixed_string... Names>
using point_view = basic_point<T, std::span<const T, sizeof...(Names)>, var<Names>...>;

namespace detail {
template <class P>
struct is_point_t : std::false_type {};
template <class T, class Scalars, class... Vars>
struct is_point_t<basic_point<T, Scalars, Vars...>> : std::true_type {};

/// A point that owns its scalars: p itself, or a copy of a view's (to perturb them: check_grad).
template <class T, class... Vars>
constexpr const basic_point<T, std::array<T, sizeof...(Vars)>, Vars...>& owned(
    const basic_point<T, std::array<T, sizeof...(Vars)>, Vars...>& p) {
    return p;
}
template <class T, class... Vars>
constexpr auto owned(const basic_point<T, std::span<const T, sizeof...(Vars)>, Vars...>& p) {
    basic_point<T, std::array<T, sizeof...(Vars)>, Vars...> out{};
    for (std::size_t i = 0; i < sizeof...(Vars); ++i) out.values[i] = p.values[i];
    if constexpr (decltype(out)::has_tensors) out.data = p.data;
    if constexpr (decltype(out)::batched) out.batch_rows = p.batch_rows;
    return out;
}

/// p with more variables Extra..., each read at data[k] (a scalar's value is copied, a
/// tensor's elements are read there): hvp binds its direction this way, explain the values
/// of named nodes and adjoints.
template <class... Extra, class T, class S, class... Vars>
constexpr auto joined_point(const basic_point<T, S, Vars...>& p, const std::array<const T*, sizeof...(Extra)>& data) {
    using joined = basic_point<T, std::array<T, sizeof...(Vars) + sizeof...(Extra)>, Vars..., Extra...>;
    constexpr std::size_t n = sizeof...(Vars);
    joined out{};
    for (std::size_t i = 0; i < n; ++i) out.values[i] = p.values[i];
    if constexpr (joined::has_tensors && basic_point<T, S, Vars...>::has_tensors)
        for (std::size_t i = 0; i < n; ++i) out.data[i] = p.data[i];
    if constexpr (joined::batched) out.batch_rows = p.batch();
    std::size_t k = 0;
    (
        [&] {
            if constexpr (Extra::shape.rank == 0) out.values[n + k] = *data[k];
            else out.data[n + k] = data[k];
            ++k;
        }(),
        ...);
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
