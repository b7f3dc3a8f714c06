// ctgrad/math/detail/exp.hpp - constexpr exp and expm1.
#pragma once
#include <ctgrad/math/detail/fp.hpp>

namespace ctgrad::math::cx {

/// expm1(r) = r + r^2/2! + ... for |r| <= ln2/2, summed from the smallest term.
template <floating T>
constexpr T expm1_series(T r) {
    T terms[40] = {};
    int n = 0;
    T term = r;
    while (n < 40) {
        terms[n++] = term;
        term = term * r / T(n + 1);
        if (fabs(term) <= fabs(r) * std::numeric_limits<T>::epsilon() * T(1e-3)) break;
    }
    T sum = 0;
    for (int i = n - 1; i >= 1; --i) sum += terms[i];
    return r + sum;
}

/// x = k ln2 + r with |r| <= ln2/2 (r exact to a few ulps of r).
template <floating T>
struct reduced_ln2 {
    long k;
    T r;
};
template <floating T>
constexpr reduced_ln2<T> reduce_ln2(T x) {
    using c = ln2_parts<T>;
    long k = nearest(x * c::inverse);
    T kk = static_cast<T>(k);
    return {k, ((x - kk * c::p1) - kk * c::p2) - kk * c::p3};
}

template <floating T>
constexpr T exp(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(exp(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x)) return x;
        constexpr T limit = T(std::numeric_limits<T>::max_exponent + std::numeric_limits<T>::digits + 8);
        if (x > limit) return inf<T>();
        if (x < -limit) return T(0);
        if (fabs(x) < std::numeric_limits<T>::epsilon() * T(0.25)) return T(1) + x;
        auto [k, r] = reduce_ln2(x);
        return ldexp(T(1) + expm1_series(r), k);
    }
}

template <floating T>
constexpr T expm1(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(expm1(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x)) return x;
        constexpr int digits = std::numeric_limits<T>::digits;
        if (x < -T(digits + 3) * T(0.6931471805599453)) return T(-1);
        if (x > T(std::numeric_limits<T>::max_exponent) * T(0.7)) return exp(x);
        if (fabs(x) <= T(0.34657359027997264)) return expm1_series(x);
        auto [k, r] = reduce_ln2(x);
        T p = expm1_series(r);
        if (k > digits + 2) return ldexp(T(1) + p, k) - T(1);
        T two_k = ldexp(T(1), k);
        return (two_k - T(1)) + two_k * p;  // both terms exact, one rounding
    }
}
}  // namespace ctgrad::math::cx
