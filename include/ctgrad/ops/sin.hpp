// ctgrad/ops/sin.hpp - sin(x)
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad::ops { struct cos; }
namespace ctgrad {
namespace ops {
struct sin : function_print<"sin", "\\sin"> {
    template <class T> static constexpr T value(T a) { return math::sin(a); }
#ifndef CTGRAD_TEST_MUTATION
    template <class T> static constexpr T backward(T a, T out, T adj) { (void)a; (void)out; return adj * math::cos(a); }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) { (void)self; (void)a; return node<ops::cos, std::remove_cvref_t<decltype(a)>>(a); }
#else
    // Test-only (tests/CMakeLists.txt, mutation.*): a deliberately wrong rule, sin' = 1.00001 cos,
    // the same in both modes, so only the finite-difference checks can see it - and must.
    template <class T> static constexpr T backward(T a, T out, T adj) { (void)out; return adj * (T(1.00001) * math::cos(a)); }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) { (void)self; return detail::make_mul(constant<100001, 100000>{}, node<ops::cos, std::remove_cvref_t<decltype(a)>>(a)); }
#endif
};
}  // namespace ops

/// sin(a)
template <expression A>
constexpr auto sin(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<0>{};
    else return node<ops::sin, A>(a);
}
}  // namespace ctgrad
