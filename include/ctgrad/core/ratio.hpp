// ctgrad/core/ratio.hpp - exact rational arithmetic for constants whose value lives in the type.
#pragma once
#include <cstdint>

namespace ctgrad {
namespace detail {
__extension__ using int128 = __int128;  // __extension__: no -Wpedantic warning
}

/// An exact rational num/den, kept normalized (den > 0, gcd 1). den == 0 marks an invalid
/// constant (such as 0/0) that the operations using it reject with a readable message.
struct ratio {
    std::intmax_t num = 0;
    std::intmax_t den = 1;
    constexpr bool operator==(const ratio&) const = default;
    constexpr bool valid() const { return den != 0; }
    constexpr bool is_integer() const { return den == 1; }
    template <class T>
    constexpr T as() const { return static_cast<T>(num) / static_cast<T>(den); }
};

namespace detail {
constexpr std::intmax_t gcd(std::intmax_t a, std::intmax_t b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b != 0) { std::intmax_t t = a % b; a = b; b = t; }
    return a;
}
constexpr bool fits(int128 v) { return v <= INTMAX_MAX && v >= -INTMAX_MAX; }

/// Normalizes n/d; an overflow is a compile-time error in the constant evaluation that needs it.
constexpr ratio make_ratio(int128 n, int128 d) {
    if (d == 0) return {static_cast<std::intmax_t>(n != 0), 0};
    if (d < 0) { n = -n; d = -d; }
    int128 a = n < 0 ? -n : n, b = d;
    while (b != 0) { int128 t = a % b; a = b; b = t; }
    if (a > 1) { n /= a; d /= a; }
    if (!fits(n) || !fits(d)) throw "ctgrad: exact constant overflows intmax_t";
    return {static_cast<std::intmax_t>(n), static_cast<std::intmax_t>(d)};
}
constexpr int compare(ratio a, ratio b) {
    int128 l = int128(a.num) * b.den, r = int128(b.num) * a.den;
    return l < r ? -1 : (l > r ? 1 : 0);
}
}  // namespace detail

// Exact arithmetic on ratios (overflow is a compile-time error).
constexpr ratio operator+(ratio a, ratio b) {
    return detail::make_ratio(detail::int128(a.num) * b.den + detail::int128(b.num) * a.den, detail::int128(a.den) * b.den);
}
constexpr ratio operator-(ratio a, ratio b) {
    return detail::make_ratio(detail::int128(a.num) * b.den - detail::int128(b.num) * a.den, detail::int128(a.den) * b.den);
}
constexpr ratio operator*(ratio a, ratio b) {
    return detail::make_ratio(detail::int128(a.num) * b.num, detail::int128(a.den) * b.den);
}
constexpr ratio operator/(ratio a, ratio b) {
    return detail::make_ratio(detail::int128(a.num) * b.den, detail::int128(a.den) * b.num);
}
constexpr ratio operator-(ratio a) { return {-a.num, a.den}; }
namespace detail {
/// a^k for an integer k (negative k gives the reciprocal).
constexpr ratio power(ratio a, std::intmax_t k) {
    ratio r{1, 1};
    ratio base = k < 0 ? ratio{1, 1} / a : a;
    for (std::intmax_t i = 0, n = k < 0 ? -k : k; i < n; ++i) r = r * base;
    return r;
}
}  // namespace detail
}  // namespace ctgrad
