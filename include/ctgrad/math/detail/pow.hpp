// ctgrad/math/detail/pow.hpp - constexpr pow, through log and exp in double-double
// precision so that large y * log(x) keeps full accuracy.
#pragma once
#include <ctgrad/math/detail/exp.hpp>
#include <ctgrad/math/detail/log.hpp>

namespace ctgrad::math::cx {

/// log(x) as hi + lo, relative error about 2^-(2 * digits - 10), for finite x > 0.
template <floating T>
constexpr dd<T> log_dd(T x) {
    auto [e, f] = split_mantissa(x);
    // s = f / (2 + f) in double-double
    dd<T> d = two_sum(T(2), f);
    T s_hi = f / d.hi;
    dd<T> p = two_prod(s_hi, d.hi);
    T s_lo = ((f - p.hi) - p.lo - s_hi * d.lo) / d.hi;
    dd<T> s{s_hi, s_lo};
    // 2 atanh(s) = 2s + 2s^3/3 + (2s^5/5 + ...): the first two terms in double-double
    dd<T> s2 = dd_mul(s, s);
    dd<T> s3 = dd_mul(s2, s);
    constexpr dd<T> two_thirds = {T(2) / T(3), (T(2) - T(3) * (T(2) / T(3))) / T(3)};
    dd<T> t3 = dd_mul(s3, two_thirds);
    T z = s_hi * s_hi;
    T tail = 0;
    T power = z * z;
    T terms[40] = {};
    int n = 0;
    while (n < 40) {
        terms[n] = T(2) * power / T(2 * n + 5);
        ++n;
        power *= z;
        if (power <= std::numeric_limits<T>::epsilon() * z * z * T(1e-3)) break;
    }
    for (int i = n - 1; i >= 0; --i) tail += terms[i];
    dd<T> result = dd_add(dd<T>{T(2) * s.hi, T(2) * s.lo}, t3);
    result = dd_add(result, dd<T>{s_hi * tail, T(0)});
    dd<T> e_ln2 = dd_mul(dd<T>{static_cast<T>(e), T(0)}, ln2_parts<T>::pair);
    return dd_add(e_ln2, result);
}

/// exp(hi + lo) for |lo| <= ulp(hi).
template <floating T>
constexpr T exp_dd(dd<T> t) {
    using c = ln2_parts<T>;
    long k = nearest(t.hi * c::inverse);
    T kk = static_cast<T>(k);
    T a = t.hi - kk * c::p1;  // exact
    dd<T> b = two_sum(a, -kk * c::p2);
    T r_lo = (b.lo - kk * c::p3) + t.lo;
    T p = expm1_series(b.hi);
    // exp(b.hi + r_lo) = (1 + p)(1 + r_lo) = 1 + (p + r_lo + p r_lo)
    return ldexp(T(1) + (p + (r_lo + p * r_lo)), k);
}

template <floating T>
constexpr bool is_integer(T y) {
    if (fabs(y) >= ldexp(T(1), std::numeric_limits<T>::digits - 1)) return true;
    return static_cast<T>(static_cast<long long>(y)) == y;
}
template <floating T>
constexpr bool is_odd_integer(T y) {
    if (fabs(y) >= ldexp(T(1), std::numeric_limits<T>::digits)) return false;
    return is_integer(y) && (static_cast<long long>(y) % 2 != 0);
}

template <floating T>
constexpr T pow(T x, T y) {
    if constexpr (!std::is_same_v<T, work_t<T>>)
        return static_cast<T>(pow(static_cast<work_t<T>>(x), static_cast<work_t<T>>(y)));
    else {
        // the special cases of C's pow (IEEE 754 pown/powr rules)
        if (y == 0 || x == T(1)) return T(1);
        if (isnan(x) || isnan(y)) return nan<T>();
        bool odd = is_odd_integer(y);
        if (isinf(y)) {
            T ax = fabs(x);
            if (ax == T(1)) return T(1);
            return (ax < T(1)) == (y > 0) ? T(0) : inf<T>();
        }
        if (x == 0) {
            T magnitude = y < 0 ? inf<T>() : T(0);
            return odd ? copysign(magnitude, x) : magnitude;
        }
        if (isinf(x)) {
            T magnitude = y < 0 ? T(0) : inf<T>();
            return (x < 0 && odd) ? -magnitude : magnitude;
        }
        if (x < 0 && !is_integer(y)) return nan<T>();
        dd<T> l = log_dd(fabs(x));
        dd<T> t = two_prod(y, l.hi);
        t.lo += y * l.lo;
        t = fast_two_sum(t.hi, t.lo);
        constexpr T limit = T(std::numeric_limits<T>::max_exponent + std::numeric_limits<T>::digits + 8);
        T magnitude = t.hi > limit ? inf<T>() : (t.hi < -limit ? T(0) : exp_dd(t));
        return (x < 0 && odd) ? -magnitude : magnitude;
    }
}
}  // namespace ctgrad::math::cx
