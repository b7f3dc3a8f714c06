// ctgrad/math/detail/log.hpp - constexpr log and log1p.
#pragma once
#include <ctgrad/math/detail/fp.hpp>

namespace ctgrad::math::cx {

/// log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1]: with s = f / (2 + f),
/// log(1 + f) = 2 atanh(s) = f - s (f - R), R = sum 2 s^(2k) / (2k + 1).
template <floating T>
constexpr T log1p_kernel(T f) {
    T s = f / (T(2) + f);
    T z = s * s;
    T terms[40] = {};
    int n = 0;
    T power = z;
    while (n < 40) {
        terms[n] = T(2) * power / T(2 * n + 3);
        ++n;
        power *= z;
        if (power <= std::numeric_limits<T>::epsilon() * z * T(1e-3)) break;
    }
    T r = 0;
    for (int i = n - 1; i >= 0; --i) r += terms[i];
    return f - s * (f - r);
}

/// x = 2^e (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)).
template <floating T>
struct mantissa_split {
    long e;
    T f;
};
template <floating T>
constexpr mantissa_split<T> split_mantissa(T x) {
    long e = exponent(x);
    T m = ldexp(x, -e);
    if (m > T(1.4142135623730950488L)) {
        m *= T(0.5);
        ++e;
    }
    return {e, m - T(1)};
}

template <floating T>
constexpr T log(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(log(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x)) return x;
        if (x < 0) return nan<T>();
        if (x == 0) return -inf<T>();
        if (isinf(x)) return x;
        auto [e, f] = split_mantissa(x);
        using c = ln2_parts<T>;
        T ee = static_cast<T>(e);
        return ee * c::p1 + (ee * c::p2 + (ee * c::p3 + log1p_kernel(f)));
    }
}

template <floating T>
constexpr T log1p(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(log1p(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x)) return x;
        if (x < T(-1)) return nan<T>();
        if (x == T(-1)) return -inf<T>();
        if (isinf(x)) return x;
        if (x > T(-0.29289321881345247560L) && x < T(0.41421356237309504880L)) return log1p_kernel(x);
        T u = T(1) + x;
        // u rounds x; c restores what was lost (negligible once x dwarfs 1)
        T c = x < T(1) / std::numeric_limits<T>::epsilon() ? (x - (u - T(1))) / u : T(0);
        auto [e, f] = split_mantissa(u);
        using ln2 = ln2_parts<T>;
        T ee = static_cast<T>(e);
        return ee * ln2::p1 + ((ee * ln2::p2 + (ee * ln2::p3 + c)) + log1p_kernel(f));
    }
}
}  // namespace ctgrad::math::cx
