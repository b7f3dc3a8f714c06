// ctgrad/math/detail/fp.hpp - floating-point building blocks for the constexpr
// elementary functions: classification, exact scaling by powers of two, and
// error-free transformations (double-double arithmetic).
#pragma once
#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace ctgrad::math::cx {

template <class T>
concept floating = std::is_floating_point_v<T>;

/// The type the algorithms run in: float is computed in double and rounded once.
template <class T>
using work_t = std::conditional_t<std::is_same_v<T, float>, double, T>;

template <floating T> constexpr bool isnan(T x) { return x != x; }
template <floating T> constexpr bool isinf(T x) {
    return x == std::numeric_limits<T>::infinity() || x == -std::numeric_limits<T>::infinity();
}
template <floating T> constexpr bool signbit(T x) {
    if constexpr (std::is_same_v<T, double>) return (std::bit_cast<std::uint64_t>(x) >> 63) != 0;
    else if constexpr (std::is_same_v<T, float>) return (std::bit_cast<std::uint32_t>(x) >> 31) != 0;
    else return x < 0 || (x == 0 && T(1) / x < 0);
}
template <floating T> constexpr T fabs(T x) { return signbit(x) ? -x : x; }
template <floating T> constexpr T copysign(T magnitude, T sign) {
    return signbit(magnitude) != signbit(sign) ? -magnitude : magnitude;
}
template <floating T> constexpr T nan() { return std::numeric_limits<T>::quiet_NaN(); }
template <floating T> constexpr T inf() { return std::numeric_limits<T>::infinity(); }

/// 2^k for |k| <= 62, exactly.
template <floating T>
constexpr T pow2_small(long k) {
    return k >= 0 ? T(1ull << k) : T(1) / T(1ull << -k);
}

/// x * 2^k, exact unless the result over- or underflows (in the subnormal range a
/// result may round twice: at most one ulp).
template <floating T>
constexpr T ldexp(T x, long k) {
    if (x == 0 || isinf(x) || isnan(x)) return x;
    constexpr T up = pow2_small<T>(60);
    constexpr T down = pow2_small<T>(-60);
    while (k > 60) {
        x *= up;
        k -= 60;
        if (isinf(x)) return x;
    }
    while (k < -60) {
        x *= down;
        k += 60;
        if (x == 0) return x;
    }
    return x * pow2_small<T>(k);
}

/// e with |x| = m * 2^e, 1 <= m < 2, for finite nonzero x.
template <floating T>
constexpr long exponent(T x) {
    if constexpr (std::is_same_v<T, double>) {
        std::uint64_t bits = std::bit_cast<std::uint64_t>(x) & 0x7fffffffffffffffull;
        long biased = static_cast<long>(bits >> 52);
        if (biased != 0) return biased - 1023;
        return static_cast<long>(63 - std::countl_zero(bits)) - 1074;  // subnormal
    } else {
        T a = fabs(x);
        long e = 0;
        constexpr T big = T(4294967296.0L);  // 2^32
        while (a >= big) { a /= big; e += 32; }
        while (a >= T(2)) { a /= T(2); ++e; }
        while (a < T(1) / big) { a *= big; e -= 32; }
        while (a < T(1)) { a *= T(2); --e; }
        return e;
    }
}

/// Nearest integer (ties away from zero) of a value known to be small.
template <floating T>
constexpr long nearest(T x) {
    return static_cast<long>(x < 0 ? x - T(0.5) : x + T(0.5));
}

/// An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2.
template <floating T>
struct dd {
    T hi;
    T lo;
};

template <floating T>
constexpr dd<T> two_sum(T a, T b) {
    T s = a + b;
    T bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}
template <floating T>
constexpr dd<T> fast_two_sum(T a, T b) {  // |a| >= |b|
    T s = a + b;
    return {s, b - (s - a)};
}
template <floating T>
constexpr dd<T> split(T a) {  // Veltkamp: a = hi + lo with half-width parts
    constexpr int half = (std::numeric_limits<T>::digits + 1) / 2;
    constexpr T factor = T((1ull << half) + 1);
    T c = factor * a;
    T hi = c - (c - a);
    return {hi, a - hi};
}
template <floating T>
constexpr dd<T> two_prod(T a, T b) {  // Dekker: a * b exactly
    T p = a * b;
    dd<T> as = split(a), bs = split(b);
    T err = ((as.hi * bs.hi - p) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
    return {p, err};
}
template <floating T>
constexpr dd<T> dd_add(dd<T> a, dd<T> b) {
    dd<T> s = two_sum(a.hi, b.hi);
    s.lo += a.lo + b.lo;
    return fast_two_sum(s.hi, s.lo);
}
template <floating T>
constexpr dd<T> dd_mul(dd<T> a, dd<T> b) {
    dd<T> p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(p.hi, p.lo);
}

/// ln 2 in three parts: the first two have trailing zeros, so k * part is exact for |k| < 2^20.
template <floating T>
struct ln2_parts {
    static constexpr T p1 = T(0xb17217f700000000p-64L);
    static constexpr T p2 = T(0xd1cf79ab00000000p-96L);
    static constexpr T p3 = T(0xc9e3b39803f2f6afp-128L);
    static constexpr T inverse = T(1.44269504088896340735992468100189214L);
    static constexpr dd<T> pair = std::numeric_limits<T>::digits > 53
                                      ? dd<T>{T(0xb17217f7d1cf79abp-64L), T(0xc9e3b39803f2f6afp-128L)}
                                      : dd<T>{T(0x162e42fefa39efp-53L), T(0x1abc9e3b39803fp-108L)};
};
}  // namespace ctgrad::math::cx
