// ctgrad/core/gradient.hpp - what value_and_grad returns: the value, and the partial
// derivatives by variable, each of its variable's shape (a scalar for a scalar variable, a
// tensor for a tensor). One gradient type: the partials are owned (value_and_grad) or viewed
// in a workspace's adjoint block (workspace.hpp); lookup and layout are the same.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/tensor.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/core/variable_list.hpp>
#include <ctgrad/detail/name_index.hpp>
#include <ctgrad/detail/pack.hpp>

namespace ctgrad {
namespace detail {

// A gradient's lookups are reached through its variable list's short key
// (core/variable_list.hpp), not through its type: g++ mangles the name of every function it
// instantiates, and gradient<T, Vars...>::operator[] named all the variables once per lookup
// (20 MB of names for the 420 lookups of an 8-32-4 network).
template <class... Vars>
using variable_list = name_list<Vars::name...>;

/// How a gradient keeps its partials: all scalars in one array (g.values[i], in wrt order), or
/// each variable's own (a tuple of scalars and tensors), or views into a workspace's block.
template <class T, class... Vars>
using owned_partials = std::conditional_t<all_of_v<(Vars::shape.rank == 0)...>, std::array<T, sizeof...(Vars)>,
                                          std::tuple<std::conditional_t<Vars::shape.rank == 0, T, tensor<T, Vars::shape>>...>>;
template <class T, class... Vars>
struct viewed_partials {
    std::array<tensor_view<T>, sizeof...(Vars)> views{};
};

template <class E>
constexpr std::size_t partial_elements() {
    if constexpr (requires { E::dims; }) return E::dims.size();
    else return 1;
}

/// The partials in Storage, and lookup by variable: templated on the list's key, so each
/// lookup's name stays short.
template <class T, class Key, class Storage>
struct gradient_values;
template <class T, std::size_t N, std::uint64_t Hash, class Storage>
struct gradient_values<T, variable_list_key<N, Hash>, Storage> {
    Storage values{};
    static constexpr bool contiguous = std::is_same_v<Storage, std::array<T, N>>;
    static constexpr bool viewed = requires(Storage s) { s.views; };

    /// g[x]: x's partial (a scalar, or a tensor or tensor view of x's shape).
    template <fixed_string Name, std::size_t... Extents>
    constexpr const auto& operator[](var<Name, Extents...>) const {
        constexpr std::size_t i = index<Name>();
        if constexpr (contiguous) return values[i];
        else if constexpr (!viewed) return std::get<i>(values);
        else if constexpr (sizeof...(Extents) == 0) return values.views[i].data()[0];
        else return values.views[i];
    }
    /// The elements of x's partial, contiguous, whatever x's shape.
    template <fixed_string Name, std::size_t... Extents>
    constexpr const T* data(var<Name, Extents...>) const {
        constexpr std::size_t i = index<Name>();
        if constexpr (contiguous) return values.data() + i;
        else if constexpr (viewed) return values.views[i].data();
        else if constexpr (requires { std::get<i>(values).data(); }) return std::get<i>(values).data();
        else return &std::get<i>(values);
    }
    /// The elements of the I-th partial (the executor's copy-out writes through this).
    template <std::size_t I>
        requires(!viewed)
    constexpr T* data() {
        if constexpr (contiguous) return values.data() + I;
        else if constexpr (requires { std::get<I>(values).data(); }) return std::get<I>(values).data();
        else return &std::get<I>(values);
    }
    template <std::size_t I>
    static constexpr std::size_t extent = contiguous ? 1 : partial_elements<std::tuple_element_t<I, Storage>>();

    /// g[i] and iteration, in wrt order: a gradient of scalars.
    constexpr const T& operator[](std::size_t i) const
        requires contiguous
    {
        return values[i];
    }
    constexpr auto begin() const
        requires contiguous
    {
        return values.begin();
    }
    constexpr auto end() const
        requires contiguous
    {
        return values.end();
    }
    static constexpr std::size_t size() { return N; }

private:
    template <fixed_string Name>
    static constexpr std::size_t index() {
        constexpr auto& t = table_of(variable_list_key<N, Hash>{});
        constexpr int i = t.find(name_hash<var<Name>>(), Name.view());
        if constexpr (i < 0)
            CTGRAD_REPORT_VARIABLE(gradient_has_a_partial_for_variable, gradient_has_no_partial_for_variable,
                                   "ctgrad::gradient::operator[]: the variable is not in the wrt(...) list",
                                   var<Name>::name_view);
        return i < 0 ? 0 : static_cast<std::size_t>(i);
    }
};
}  // namespace detail

/// Partial derivatives by variable: g[x], g[W](i, j); for scalars also g.values in wrt order.
template <class T, class... Vars>
struct gradient : detail::gradient_values<T, typename detail::variable_list<Vars...>::key, detail::owned_partials<T, Vars...>> {
    static_assert(sizeof(detail::variable_list<Vars...>) > 0);  // defines the key's table
};

/// The same partials viewed where a workspace keeps them (valid while the workspace is, and
/// refilled by each of its value_and_grad): g[W] a tensor_view, g[x] a scalar.
template <class T, class... Vars>
struct gradient_views
    : detail::gradient_values<T, typename detail::variable_list<Vars...>::key, detail::viewed_partials<T, Vars...>> {
    static_assert(sizeof(detail::variable_list<Vars...>) > 0);
};

/// The value of f and its gradient.
template <class T, class... Vars>
struct value_and_gradient {
    T value;
    gradient<T, Vars...> grad;
};
}  // namespace ctgrad
