// ctgrad/core/tensor_gradient.hpp - the gradient of a scalar with respect to variables of which
// some are tensors: r.grad[W](i, j), r.grad[b](i), r.grad[x] for a scalar x.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>

#include <ctgrad/core/tensor.hpp>
#include <ctgrad/core/var.hpp>

namespace ctgrad {
namespace detail {
template <class T, class V>
using gradient_value = std::conditional_t<V::shape.rank == 0, T, tensor<T, V::shape>>;

template <class... Vars>
consteval std::size_t wrt_position(std::string_view name) {
    constexpr std::array<std::string_view, sizeof...(Vars)> names{Vars::name.view()...};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return i;
    throw "ctgrad::gradient::operator[]: this variable is not in the wrt(...) list";
}
}  // namespace detail

/// Partial derivatives by variable, each of its variable's shape: g[W](i, j), g[x].
template <class T, class... Vars>
struct tensor_gradient {
    std::tuple<detail::gradient_value<T, Vars>...> values{};

    template <fixed_string Name, std::size_t... Extents>
    constexpr const auto& operator[](var<Name, Extents...>) const {
        return std::get<detail::wrt_position<Vars...>(Name.view())>(values);
    }
    static constexpr std::size_t size() { return sizeof...(Vars); }
};
}  // namespace ctgrad
