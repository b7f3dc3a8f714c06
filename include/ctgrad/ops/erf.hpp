// ctgrad/ops/erf.hpp - erf(x), the error function; erf'(x) = 2/sqrt(pi) exp(-x^2).
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/exp.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/irrational.hpp>
#include <ctgrad/ops/neg.hpp>
#include <ctgrad/ops/pow.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
/// 2/sqrt(pi), the factor in erf's derivative.
struct two_over_sqrt_pi : irrational<"2/sqrt(pi)", "\\frac{2}{\\sqrt{\\pi}}", precedence::product> {
    static constexpr cpp_code cpp{.value = "T(1.12837916709551257389615890312154517L)"};
    template <class T> static constexpr T value() { return T(1.12837916709551257389615890312154517L); }
};

struct erf : function_print<"erf", "\\operatorname{erf}"> {
    static constexpr cpp_code cpp{.value = "std::erf($0)",
                                  .backward = {"$adj * (T(1.12837916709551257389615890312154517L) * std::exp(-($0 * $0)))"}};
    template <class T> static constexpr T value(T a) { return math::erf(a); }
    template <class T> static constexpr T backward(T a, T, T adj) {
        return adj * (two_over_sqrt_pi::value<T>() * math::exp(-(a * a)));
    }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        return detail::make_mul(node<two_over_sqrt_pi>{}, ctgrad::exp(detail::make_neg(ctgrad::square(a))));
    }
};
}  // namespace ops

/// erf(a) = 2/sqrt(pi) * integral from 0 to a of exp(-t^2) dt
template <expression A>
static constexpr auto erf(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<0>{};
    else return detail::make_node<node<ops::erf, A>>(a);
}
}  // namespace ctgrad
