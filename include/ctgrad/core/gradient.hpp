// ctgrad/core/gradient.hpp - what value_and_grad returns: the value, and the partial
// derivatives indexed by variable.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>

#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/tensor_gradient.hpp>
#include <ctgrad/core/var.hpp>

namespace ctgrad {

/// Partial derivatives by variable: g[x], or g.values in wrt order.
template <class T, class... Vars>
struct gradient {
    std::array<T, sizeof...(Vars)> values{};

    template <fixed_string Name, std::size_t... Extents>
    constexpr const T& operator[](var<Name, Extents...>) const {
        constexpr std::size_t i = index<Name>();
        return values[i];
    }
    constexpr const T& operator[](std::size_t i) const { return values[i]; }
    static constexpr std::size_t size() { return sizeof...(Vars); }
    constexpr auto begin() const { return values.begin(); }
    constexpr auto end() const { return values.end(); }

private:
    template <fixed_string Name>
    static constexpr std::size_t index() {
        constexpr std::array<std::string_view, sizeof...(Vars)> names{Vars::name.view()...};
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == Name.view()) return i;
        throw "ctgrad::gradient::operator[]: this variable is not in the wrt(...) list";
    }
};

/// The value of f and its gradient (a tensor_gradient when some variable is a tensor).
template <class T, class... Vars>
struct value_and_gradient {
    T value;
    std::conditional_t<((Vars::shape.rank == 0) && ...), gradient<T, Vars...>, tensor_gradient<T, Vars...>> grad;
};
}  // namespace ctgrad
