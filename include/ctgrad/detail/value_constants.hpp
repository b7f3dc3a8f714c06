// ctgrad/detail/value_constants.hpp - the run-time values of an expression's value
// constants (0.5 * x), gathered from the expression object in the order the program numbers
// them (detail/program.hpp).
#pragma once
#include <array>
#include <cstddef>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/detail/node_kind.hpp>

namespace ctgrad::detail {

/// Copies the value constants of an expression object in the order emit numbers them.
template <class T, class E>
constexpr void gather_value_constants(const E& e, T* out, std::size_t& k) {
    if constexpr (stateless<E>) return;
    else if constexpr (kind_of<E>{} == node_kind::value_constant) out[k++] = static_cast<T>(e.value);
    else {  // one constexpr frame per tree level, as in emit
        if constexpr (operand_count<E>() > 0) gather_value_constants<T>(e.template operand<0>(), out, k);
        if constexpr (operand_count<E>() > 1) gather_value_constants<T>(e.template operand<1>(), out, k);
    }
}

/// The value constants of Roots..., numbered as Program's slots read them.
template <class T, class Program, class... Roots>
constexpr auto value_constants_of(const Roots&... roots) {
    std::array<T, (Program::value.value_constants == 0 ? 1 : Program::value.value_constants)> c{};
    std::size_t k = 0;
    (gather_value_constants<T>(roots, c.data(), k), ...);
    return c;
}
}  // namespace ctgrad::detail
