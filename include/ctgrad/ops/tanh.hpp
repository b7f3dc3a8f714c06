// ctgrad/ops/tanh.hpp - tanh(x)
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>
#include <ctgrad/ops/pow.hpp>
namespace ctgrad {
namespace ops {
struct tanh : function_print<"tanh", "\\tanh"> {
    template <class T> static constexpr T value(T a) { return math::tanh(a); }
    template <class T> static constexpr T backward(T a, T out, T adj) { (void)a; (void)out; return adj * (T(1) - out * out); }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) { (void)self; (void)a; return detail::make_sub(constant<1>{}, detail::make_ipow<2>(self)); }
};
}  // namespace ops

/// tanh(a)
template <expression A>
constexpr auto tanh(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<0>{};
    else return node<ops::tanh, A>(a);
}
}  // namespace ctgrad
