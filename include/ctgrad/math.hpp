// ctgrad/math.hpp - elementary functions usable in constant expressions.
//
// Under constant evaluation these run ctgrad's own implementations (math/detail/);
// at run time they call <cmath>. The two agree to a few ulps: tests/runtime/math_ulp
// sweeps each function and reports the largest difference.
#pragma once
#include <cmath>
#include <type_traits>

#include <ctgrad/math/detail/erf.hpp>
#include <ctgrad/math/detail/exp.hpp>
#include <ctgrad/math/detail/log.hpp>
#include <ctgrad/math/detail/pow.hpp>
#include <ctgrad/math/detail/tanh_sqrt.hpp>
#include <ctgrad/math/detail/trig.hpp>

namespace ctgrad::math {

#define CTGRAD_MATH_UNARY(name)                                        \
    template <class T>                                                 \
    constexpr T name(T x) {                                            \
        if constexpr (std::is_floating_point_v<T>) {                   \
            if (std::is_constant_evaluated()) return cx::name(x);      \
            return std::name(x);                                       \
        } else {                                                       \
            using std::name; /* user scalar types: found by ADL */     \
            return name(x);                                            \
        }                                                              \
    }
CTGRAD_MATH_UNARY(exp)
CTGRAD_MATH_UNARY(expm1)
CTGRAD_MATH_UNARY(log)
CTGRAD_MATH_UNARY(log1p)
CTGRAD_MATH_UNARY(sin)
CTGRAD_MATH_UNARY(cos)
CTGRAD_MATH_UNARY(tanh)
CTGRAD_MATH_UNARY(sqrt)
CTGRAD_MATH_UNARY(erf)
#undef CTGRAD_MATH_UNARY

template <class T>
constexpr T pow(T x, T y) {
    if constexpr (std::is_floating_point_v<T>) {
        if (std::is_constant_evaluated()) return cx::pow(x, y);
        return std::pow(x, y);
    } else {
        using std::pow;
        return pow(x, y);
    }
}

template <class T>
constexpr bool isnan(T x) {
    return x != x;
}
}  // namespace ctgrad::math
