// ctgrad/ops/sin.hpp - sin(x)
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad::ops { struct cos; }
namespace ctgrad {
namespace ops {
struct sin : function_print<"sin", "\\sin"> {
    static constexpr cpp_code cpp{.value = "std::sin($0)", .backward = {"$adj * std::cos($0)"}};
    template <class T> static constexpr T value(T a) { return math::sin(a); }
    template <class T> static constexpr T backward(T a, T, T adj) { return adj * math::cos(a); }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        return detail::make_node<node<ops::cos, std::remove_cvref_t<decltype(a)>>>(a);
    }
};
}  // namespace ops

/// sin(a)
template <expression A>
static constexpr auto sin(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<0>{};
    else return detail::make_node<node<ops::sin, A>>(a);
}
}  // namespace ctgrad
