// ctgrad/ops/abs.hpp - abs(x) = |x|
#pragma once
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/ops/step.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
struct abs : function_print<"abs", "\\operatorname{abs}"> {
    static constexpr cpp_code cpp{.value = "($0 < T(0) ? -$0 : ($0 == T(0) ? T(0) : $0))",
                                  .backward = {"($0 > T(0) ? $adj : ($0 < T(0) ? -$adj : ($0 == T(0) ? T(0) : $0)))"}};
    template <class T> static constexpr T value(T a) { return a < T(0) ? -a : (a == T(0) ? T(0) : a); }
    /// |x|'(0) = 0; NaN stays NaN.
    template <class T> static constexpr T backward(T a, T, T adj) {
        return a > T(0) ? adj : (a < T(0) ? -adj : (a == T(0) ? T(0) : a));
    }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        return detail::make_sign(a);
    }
};
}  // namespace ops

/// abs(a) = |a|
template <expression A>
static constexpr auto abs(const A& a) {
    if constexpr (detail::is_exact<A>) return exact<ratio{A::value.num < 0 ? -A::value.num : A::value.num, A::value.den}>{};
    else if constexpr (detail::is_op<A, ops::neg>) return abs(a.template operand<0>());
    else return detail::make_node<node<ops::abs, A>>(a);
}
}  // namespace ctgrad
