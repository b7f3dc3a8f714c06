// ctgrad/ops/log.hpp - log(x)
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
struct log : function_print<"log", "\\log"> {
    static constexpr cpp_code cpp{.value = "std::log($0)", .backward = {"$adj / $0"}};
    template <class T> static constexpr T value(T a) { return math::log(a); }
    template <class T> static constexpr T backward(T a, T out, T adj) { (void)a; (void)out; return adj / a; }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) { (void)self; (void)a; return detail::make_div(constant<1>{}, a); }
};
}  // namespace ops

/// log(a)
template <expression A>
static constexpr auto log(const A& a) {
    if constexpr (detail::is_exact_value<A, 1>) return constant<0>{};
    else return detail::make_node<node<ops::log, A>>(a);
}
}  // namespace ctgrad
