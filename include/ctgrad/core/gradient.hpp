// ctgrad/core/gradient.hpp - what value_and_grad returns: the value, and the partial
// derivatives indexed by variable.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <ctgrad/detail/name_index.hpp>
#include <ctgrad/detail/pack.hpp>
#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/tensor_gradient.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/core/variable_list.hpp>

namespace ctgrad {
namespace detail {

// A gradient's lookups are reached through its variable list's short key
// (core/variable_list.hpp), not through its type: g++ mangles the name of every function it
// instantiates, and gradient<T, Vars...>::operator[] named all the variables once per lookup
// (20 MB of names for the 420 lookups of an 8-32-4 network).
template <class... Vars>
using variable_list = name_list<Vars::name...>;

/// The values, and lookup by variable: templated on the list's key, so each lookup's name
/// stays short.
template <class T, class Key>
struct gradient_values;
template <class T, std::size_t N, std::uint64_t Hash>
struct gradient_values<T, variable_list_key<N, Hash>> {
    std::array<T, N> values{};

    template <fixed_string Name, std::size_t... Extents>
    constexpr const T& operator[](var<Name, Extents...>) const {
        constexpr std::size_t i = index<Name>();
        return values[i];
    }
    constexpr const T& operator[](std::size_t i) const { return values[i]; }
    static constexpr std::size_t size() { return N; }
    constexpr auto begin() const { return values.begin(); }
    constexpr auto end() const { return values.end(); }

private:
    template <fixed_string Name>
    static constexpr std::size_t index() {
        constexpr auto& t = table_of(variable_list_key<N, Hash>{});
        const int i = t.find(name_hash<var<Name>>(), Name.view());
        if (i < 0) throw "ctgrad::gradient::operator[]: this variable is not in the wrt(...) list";
        return static_cast<std::size_t>(i);
    }
};
}  // namespace detail

/// Partial derivatives by variable: g[x], or g.values in wrt order.
template <class T, class... Vars>
struct gradient : detail::gradient_values<T, typename detail::variable_list<Vars...>::key> {
    static_assert(sizeof(detail::variable_list<Vars...>) > 0);  // defines the key's table
};

/// The value of f and its gradient (a tensor_gradient when some variable is a tensor).
template <class T, class... Vars>
struct value_and_gradient {
    T value;
    std::conditional_t<detail::all_of_v<(Vars::shape.rank == 0)...>, gradient<T, Vars...>, tensor_gradient<T, Vars...>> grad;
};
}  // namespace ctgrad
