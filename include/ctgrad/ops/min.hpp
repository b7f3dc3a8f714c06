// ctgrad/ops/min.hpp - min(a, b); ties split the gradient 1/2 and 1/2
#pragma once
#include <ctgrad/core/order.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/op.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/step.hpp>

namespace ctgrad {
namespace ops {
struct min {
    static constexpr std::string_view id = "min";
    static constexpr int rank = 3;
    static constexpr print_format text{"min($0, $1)", precedence::atom};
    static constexpr print_format latex{"\\min\\left($0, $1\\right)", precedence::atom};
    static constexpr cpp_code cpp{
        .value = "(($0 != $0 || $1 != $1) ? $0 + $1 : ($1 < $0 ? $1 : $0))",
        .backward = {"($0 < $1 ? $adj : ($0 > $1 ? T(0) : ($0 == $1 ? $adj * T(0.5) : $0 + $1)))",
                     "($0 < $1 ? T(0) : ($0 > $1 ? $adj : ($0 == $1 ? $adj * T(0.5) : $0 + $1)))"}};
    /// NaN in either operand gives NaN.
    template <class T> static constexpr T value(T a, T b) { return (a != a || b != b) ? a + b : (b < a ? b : a); }
    template <std::size_t I, class T> static constexpr T backward(T a, T b, T, T adj) {
        if (a < b) return I == 0 ? adj : T(0);
        if (a > b) return I == 0 ? T(0) : adj;
        if (a == b) return adj * T(0.5);
        return a + b;  // NaN
    }
    template <std::size_t I> static constexpr auto derivative(const auto&, const auto& a, const auto& b) {
        if constexpr (I == 0) return detail::make_heaviside(b, a);
        else return detail::make_heaviside(a, b);
    }
};
}  // namespace ops

/// min(a, b); ties split the gradient 1/2 and 1/2.
template <operand A, operand B>
    requires(expression<A> || expression<B>)
static constexpr auto min(const A& a, const B& b) {
    constexpr shape sa = detail::shape_of<decltype(as_expression(a))>{}, sb = detail::shape_of<decltype(as_expression(b))>{};
    detail::check_broadcast<ops::min, sa, sb>();
    auto ea = detail::image_operand<detail::broadcast(sa, sb)>(as_expression(a));
    auto eb = detail::image_operand<detail::broadcast(sa, sb)>(as_expression(b));
    using EA = decltype(ea);
    using EB = decltype(eb);
    if constexpr (detail::is_exact<EA> && detail::is_exact<EB>) {
        if constexpr ((detail::compare(EA::value, EB::value) < 0) == (false)) return eb;
        else return ea;
    } else if constexpr (std::is_same<EA, EB>::value && detail::stateless<EA>) return ea;
    else return detail::make_commutative<ops::min>(ea, eb);
}
}  // namespace ctgrad
