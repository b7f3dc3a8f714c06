// ctgrad/detail/pack.hpp - all_of / any_of over a pack of a user's size. A wrt() of 420 weights
// may not go through a fold expression: clang nests a fold's terms and stops at 256
// (-fbracket-depth). A pack expanded in a template argument or braced list does not nest.
#pragma once
#include <array>
#include <cstddef>

namespace ctgrad::detail {
template <bool... B>
inline constexpr bool all_of_v = []() consteval {
    const std::array<bool, sizeof...(B) + 1> values{B..., true};
    for (bool b : values)
        if (!b) return false;
    return true;
}();
template <bool... B>
inline constexpr bool any_of_v = []() consteval {
    const std::array<bool, sizeof...(B) + 1> values{B..., false};
    for (bool b : values)
        if (b) return true;
    return false;
}();

/// Calls f(each) in order, without a comma fold.
template <class F, class... Args>
constexpr void for_each_argument(F&& f, Args&&... args) {
    [[maybe_unused]] const int order[] = {0, (f(static_cast<Args&&>(args)), 0)...};
}
}  // namespace ctgrad::detail
