// ctgrad/ops/exp.hpp - exp(x)
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
struct exp : function_print<"exp", "\\exp"> {
    static constexpr cpp_code cpp{.value = "std::exp($0)", .backward = {"$adj * $out"}};
    template <class T> static constexpr T value(T a) { return math::exp(a); }
    template <class T> static constexpr T backward(T a, T out, T adj) { (void)a; (void)out; return adj * out; }
    template <class A> static auto array_value(const A& a) { return a.exp(); }  // vectorized at run time
    template <class A, class O, class G> static auto array_backward(const A&, const O& out, const G& adj) { return adj * out; }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) { (void)self; (void)a; return self; }
};
}  // namespace ops

/// exp(a)
template <expression A>
static constexpr auto exp(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<1>{};
    else return detail::make_node<node<ops::exp, A>>(a);
}
}  // namespace ctgrad
