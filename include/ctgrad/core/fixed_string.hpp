// ctgrad/core/fixed_string.hpp - a string usable as a template argument (variable names).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ctgrad {

/// A compile-time string of N characters; the identity of a `var<"name">`.
template <std::size_t N>
struct fixed_string {
    char chars[N + 1] = {};

    constexpr fixed_string() = default;
    constexpr fixed_string(const char (&text)[N + 1]) {
        for (std::size_t i = 0; i <= N; ++i) chars[i] = text[i];
    }
    static constexpr std::size_t size() { return N; }
    constexpr std::string_view view() const { return {chars, N}; }

    template <std::size_t M>
    constexpr bool operator==(const fixed_string<M>& other) const {
        return view() == other.view();
    }
};
template <std::size_t N>
fixed_string(const char (&)[N]) -> fixed_string<N - 1>;

namespace detail {
/// FNV-1a: a structural hash for names; collisions only cost a probe (identity is checked separately).
constexpr std::uint64_t hash_text(std::string_view text, std::uint64_t h = 0xcbf29ce484222325ull) {
    for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return h;
}
constexpr std::uint64_t hash_mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

constexpr std::size_t decimal_digits(std::size_t v) {
    std::size_t n = 1;
    while (v >= 10) { v /= 10; ++n; }
    return n;
}
template <fixed_string Prefix, std::size_t... Index>
inline constexpr std::size_t indexed_name_size = Prefix.size() + ((1 + decimal_digits(Index)) + ... + 0);

/// "w1" with indices 0, 2 -> "w1_0_2": names for generated variables (one per weight).
template <fixed_string Prefix, std::size_t... Index>
consteval auto indexed_name() {
    fixed_string<indexed_name_size<Prefix, Index...>> out;
    std::size_t pos = 0;
    for (char c : Prefix.view()) out.chars[pos++] = c;
    auto put = [&](std::size_t v) {
        out.chars[pos++] = '_';
        std::size_t d = decimal_digits(v);
        for (std::size_t i = 0; i < d; ++i) {
            out.chars[pos + d - 1 - i] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        pos += d;
    };
    (put(Index), ...);
    return out;
}

/// before + Values joined by ", " + after: numbered_pattern<1, 2>("conv2d<", ">($0, $1)") is
/// "conv2d<1, 2>($0, $1)", an operation's print pattern with its parameters.
template <std::size_t... Values, std::size_t B, std::size_t A>
consteval auto numbered_pattern(const char (&before)[B], const char (&after)[A]) {
    fixed_string<(B - 1) + (A - 1) + (decimal_digits(Values) + ... + 0) + 2 * (sizeof...(Values) - 1)> out;
    std::size_t pos = 0;
    for (std::size_t i = 0; i + 1 < B; ++i) out.chars[pos++] = before[i];
    bool first = true;
    auto put = [&](std::size_t v) {
        if (!first) {
            out.chars[pos++] = ',';
            out.chars[pos++] = ' ';
        }
        first = false;
        const std::size_t d = decimal_digits(v);
        for (std::size_t i = 0; i < d; ++i, v /= 10) out.chars[pos + d - 1 - i] = static_cast<char>('0' + v % 10);
        pos += d;
    };
    (put(Values), ...);
    for (std::size_t i = 0; i + 1 < A; ++i) out.chars[pos++] = after[i];
    return out;
}
}  // namespace detail
}  // namespace ctgrad
