// ctgrad/math/detail/erf.hpp - constexpr erf.
#pragma once
#include <ctgrad/math/detail/exp.hpp>
#include <ctgrad/math/detail/fp.hpp>

namespace ctgrad::math::cx {

/// erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1 3 5 ... (2n+1))  (Abramowitz and
/// Stegun 7.1.6). Every term is positive, so the sum does not cancel at any x; it is summed
/// in long double, which keeps float and double results within an ulp of <cmath> on x86-64
/// (64-bit long double). Past |x| = 7, erfc(x) < 1e-22 and erf is +-1 in every format.
template <floating T>
constexpr T erf(T x) {
    using W = long double;
    if (isnan(x)) return x;
    if (x == T(0)) return x;  // keeps the sign of zero
    W a = fabs(static_cast<W>(x));
    if (a > W(7)) return copysign(T(1), x);
    W a2 = a * a;
    W term = a, sum = a;
    for (int n = 1; n < 400; ++n) {
        term *= W(2) * a2 / W(2 * n + 1);
        sum += term;
        if (term <= sum * std::numeric_limits<W>::epsilon() * W(0.25)) break;
    }
    constexpr W two_over_sqrt_pi = 1.12837916709551257389615890312154517L;
    return copysign(static_cast<T>(two_over_sqrt_pi * exp(-a2) * sum), x);
}
}  // namespace ctgrad::math::cx
