// ctgrad/core/tensor_at.hpp - at(W = w, b = bias, x = 1.0): a point (core/point.hpp) that
// binds tensor variables. Tensors are read where the caller keeps them; scalars are held by value.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include <ctgrad/detail/pack.hpp>
#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/tensor_binding.hpp>
#include <ctgrad/detail/name_index.hpp>

namespace ctgrad {

namespace detail {
template <class B>
struct binding_traits;
template <fixed_string Name, class T>
struct binding_traits<binding<Name, T>> {
    using variable = var<Name>;
    using element = void;  // a scalar takes the tensors' element type
    using scalar = T;
};
template <class V, class T>
struct binding_traits<tensor_binding<V, T>> {
    using variable = V;
    using element = T;
    using scalar = T;
};
template <class B>
concept tensor_binding_type = !std::is_void_v<typename binding_traits<B>::element>;

/// The element type of a point: the tensors' (all the same), else the scalars' common type.
template <class... Bs>
constexpr auto point_element() {
    if constexpr (any_of_v<tensor_binding_type<Bs>...>) {
        using T = std::common_type_t<typename binding_traits<Bs>::scalar...>;
        static_assert(all_of_v<(!tensor_binding_type<Bs> || std::is_same_v<typename binding_traits<Bs>::element, T>)...>,
                      "ctgrad::at: the tensors of one point have one element type (all float or all double)");
        return T{};
    } else {
        return point_scalar<std::common_type_t<typename binding_traits<Bs>::scalar...>>{};
    }
}

template <class T, class B>
constexpr void store(const B& b, const T*& data, T& value) {
    if constexpr (tensor_binding_type<B>) data = b.data;
    else value = static_cast<T>(b.value);
}

[[noreturn]] inline void throw_two_batches(std::string_view first, std::size_t first_rows, std::string_view second,
                                           std::size_t second_rows) {
    throw std::length_error("ctgrad::at: the batched variables of a point have one batch; " + std::string(first) + " has " +
                            std::to_string(first_rows) + " rows, " + std::string(second) + " " + std::to_string(second_rows));
}
/// The batch of a point's batched variables: the rows of the first, which every other has too.
template <class P, class B>
constexpr void store_batch(const B& b, P& p, std::string_view& first) {
    if constexpr (tensor_binding_type<B>) {
        using V = typename binding_traits<B>::variable;
        if constexpr (V::shape.batched()) {
            if (first.empty()) p.batch_rows = b.rows, first = V::name.view();
            else if (b.rows != p.batch_rows) throw_two_batches(first, p.batch_rows, V::name.view(), b.rows);
        }
    }
}
}  // namespace detail

/// at(W = w, b = bias, x = 1.0): a point with tensors. Binding one variable twice is an error.
template <class... Bs>
    requires(sizeof...(Bs) > 0 && detail::any_of_v<detail::tensor_binding_type<Bs>...>)
constexpr auto at(const Bs&... bindings) {
    using T = decltype(detail::point_element<Bs...>());
    using P = basic_point<T, std::array<T, sizeof...(Bs)>, typename detail::binding_traits<Bs>::variable...>;
    constexpr int twice = detail::first_duplicate(P::hashes, P::names);
    if constexpr (twice >= 0)
        CTGRAD_REPORT_VARIABLE(at_binds_each_variable_once, at_binds_a_variable_twice,
                               "ctgrad::at: a variable is bound twice", (diagnostic::name_at<P::names, twice>::value));
    P p{};
    std::size_t i = 0;
    detail::for_each_argument([&](const auto& b) { detail::store(b, p.data[i], p.values[i]), ++i; }, bindings...);
    if constexpr (P::batched) {
        std::string_view first;
        detail::for_each_argument([&](const auto& b) { detail::store_batch(b, p, first); }, bindings...);
    }
    return p;
}
}  // namespace ctgrad
