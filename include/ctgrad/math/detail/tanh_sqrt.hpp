// ctgrad/math/detail/tanh_sqrt.hpp - constexpr tanh and sqrt.
#pragma once
#include <ctgrad/math/detail/exp.hpp>
#include <ctgrad/math/detail/fp.hpp>

namespace ctgrad::math::cx {

template <floating T>
constexpr T tanh(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(tanh(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x)) return x;
        T ax = fabs(x);
        constexpr T saturate = T(std::numeric_limits<T>::digits + 2) * T(0.35) + T(1);
        T z;
        if (ax > saturate) z = T(1);
        else if (ax < std::numeric_limits<T>::epsilon()) return x;
        else if (ax < T(1)) {
            T t = expm1(T(-2) * ax);
            z = -t / (t + T(2));
        } else {
            T t = expm1(T(2) * ax);
            z = T(1) - T(2) / (t + T(2));
        }
        return copysign(z, x);
    }
}

template <floating T>
constexpr T sqrt(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(sqrt(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x) || x == 0) return x;
        if (x < 0) return nan<T>();
        if (isinf(x)) return x;
        long e = exponent(x);
        if (e % 2 != 0) --e;  // x = m 2^e, e even, m in [1, 4)
        T m = ldexp(x, -e);
        T y = (m + T(1)) * T(0.5);
        for (int i = 0; i < 7; ++i) y = T(0.5) * (y + m / y);
        dd<T> square = two_prod(y, y);
        T residual = (m - square.hi) - square.lo;  // exact: m - y^2
        y += residual / (T(2) * y);
        return ldexp(y, e / 2);
    }
}
}  // namespace ctgrad::math::cx
