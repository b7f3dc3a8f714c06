// ctgrad/ops/sqrt.hpp - sqrt(x)
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
struct sqrt : function_print<"sqrt", "\\sqrt"> {
    static constexpr cpp_code cpp{.value = "std::sqrt($0)", .backward = {"$adj / ($out + $out)"}};
    template <class T> static constexpr T value(T a) { return math::sqrt(a); }
    template <class T> static constexpr T backward(T a, T out, T adj) { (void)a; (void)out; return adj / (out + out); }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) { (void)self; (void)a; return detail::make_div(constant<1>{}, detail::make_mul(constant<2>{}, self)); }
};
}  // namespace ops

/// sqrt(a)
template <expression A>
static constexpr auto sqrt(const A& a) {
    if constexpr (detail::is_exact_value<A, 0> || detail::is_exact_value<A, 1>) return a;
    else return detail::make_node<node<ops::sqrt, A>>(a);
}
}  // namespace ctgrad
