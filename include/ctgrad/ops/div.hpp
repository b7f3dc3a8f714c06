// ctgrad/ops/div.hpp - a / b
#pragma once
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/op.hpp>
#include <ctgrad/detail/shape_of.hpp>

namespace ctgrad {
namespace ops {
struct div {
    static constexpr cpp_code cpp{.value = "$0 / $1", .backward = {"$adj / $1", "-($adj / $1) * $out"}};
    static constexpr std::string_view id = "div";
    static constexpr std::string_view dot = "/";
    static constexpr int rank = 5;
    static constexpr print_format text{"$0 / $1", precedence::product, precedence::product, precedence::unary};
    static constexpr print_format latex{"\\frac{$0}{$1}", precedence::atom, 0, 0};
    template <class T> static constexpr T value(T a, T b) { return a / b; }
    template <std::size_t I, class T> static constexpr T backward(T, T b, T out, T adj) {
        if constexpr (I == 0) return adj / b;
        else return -(adj / b) * out;
    }
    template <std::size_t I> static constexpr auto derivative(const auto& self, const auto&, const auto& b) {
        if constexpr (I == 0) return detail::make_div(constant<1>{}, b);
        else return detail::make_neg(detail::make_div(self, b));
    }
};
}  // namespace ops

namespace detail {
template <class A, class B>
static constexpr auto make_div(const A& a, const B& b) {
    if constexpr (is_exact_value<B, 0>) return detail::make_node<node<ops::div, A, B>>(a, b);  // IEEE: x/0 is +-inf or NaN
    else if constexpr (is_exact<A> && is_exact<B>) return exact<A::value / B::value>{};
    else if constexpr (is_exact_value<A, 0>) return constant<0>{};
    else if constexpr (is_exact_value<B, 1>) return a;
    else if constexpr (is_exact<B>) return make_mul(exact<ratio{1, 1} / B::value>{}, a);
    else if constexpr (std::is_same<A, B>::value && stateless<A>) return constant<1>{};
    else if constexpr (!is_exact<A> && !(coefficient<A>::value() == ratio{1, 1}))
        return make_mul(exact<coefficient<A>::value()>{}, make_div(coefficient<A>::rest_of(a), b));
    else if constexpr (is_op<B, ops::neg>) return make_neg(make_div(a, b.template operand<0>()));
    else return detail::make_node<node<ops::div, A, B>>(a, b);
}
}  // namespace detail

/// a / b
template <operand A, operand B>
    requires(expression<A> || expression<B>)
static constexpr auto operator/(const A& a, const B& b) {
    constexpr shape sa = detail::shape_of<expression_of<A>>{}, sb = detail::shape_of<expression_of<B>>{};
    detail::check_broadcast<ops::div, sa, sb>();
    if constexpr (detail::broadcast(sa, sb).rank <= 0) return detail::make_div(expression_of<A>{a}, expression_of<B>{b});
    else if constexpr (detail::repeats_an_operand<sa, sb>) {
        constexpr shape out = detail::broadcast(sa, sb);
        return detail::make_div(detail::image_operand<out>(expression_of<A>{a}), detail::image_operand<out>(expression_of<B>{b}));
    } else return detail::keep_shape<detail::broadcast(sa, sb)>(detail::make_div(expression_of<A>{a}, expression_of<B>{b}));
}

/// Misuse: an operand that is neither an expression nor a number.
template <class A, class B>
    requires((expression<A> || expression<B>) && !(operand<A> && operand<B>))
diagnostic::misuse operator/(const A&, const B&) {
    static_assert(detail::dependent_false<A, B>, "ctgrad::operator/: an operand is neither a ctgrad expression nor a number");
    return {};
}
}  // namespace ctgrad
