// ctgrad/ops/cos.hpp - cos(x)
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad::ops { struct sin; }
namespace ctgrad {
namespace ops {
struct cos : function_print<"cos", "\\cos"> {
    static constexpr cpp_code cpp{.value = "std::cos($0)", .backward = {"-$adj * std::sin($0)"}};
    template <class T> static constexpr T value(T a) { return math::cos(a); }
    template <class T> static constexpr T backward(T a, T out, T adj) { (void)a; (void)out; return -adj * math::sin(a); }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) { (void)self; (void)a; return detail::make_neg(detail::make_node<node<ops::sin, std::remove_cvref_t<decltype(a)>>>(a)); }
};
}  // namespace ops

/// cos(a)
template <expression A>
static constexpr auto cos(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<1>{};
    else return detail::make_node<node<ops::cos, A>>(a);
}
}  // namespace ctgrad
