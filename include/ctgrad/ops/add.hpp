// ctgrad/ops/add.hpp - a + b
#pragma once
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/core/order.hpp>
#include <ctgrad/ops/op.hpp>
#include <ctgrad/detail/shape_of.hpp>

namespace ctgrad {
namespace ops {
struct add {
    static constexpr cpp_code cpp{.value = "$0 + $1", .backward = {"$adj", "$adj"}};
    static constexpr std::string_view id = "add";
    static constexpr std::string_view dot = "+";
    static constexpr int rank = 4;
    static constexpr op_properties properties{.passes_adjoint = {true, true}, .reverse_reads = {0, 0}};
    static constexpr print_format text{"$0 + $1", precedence::sum, precedence::sum, precedence::sum};
    static constexpr print_format latex = text;
    template <class T> static constexpr T value(T a, T b) { return a + b; }
    template <std::size_t I, class T> static constexpr T backward(T, T, T, T adj) { return adj; }
    template <std::size_t I> static constexpr auto derivative(const auto&, const auto&, const auto&) { return constant<1>{}; }
};
}  // namespace ops

namespace detail {
/// a + b of two stateless terms that no rule of make_add rewrites: the sum is the canonical
/// node itself. operator+ builds it without calling make_add, one function fewer per term
/// of a long sum (g++ pays for each by the length of its name).
template <class A, class B>
concept plain_stateless_sum = stateless<A> && stateless<B> && !is_exact<A> && !is_exact<B> && !like_terms<A, B> &&
                              !is_op<A, ops::neg> && !is_op<B, ops::neg>;

template <class A, class B>
static constexpr auto make_add(const A& a, const B& b) {
    if constexpr (is_exact<A> && is_exact<B>) return exact<A::value + B::value>{};
    else if constexpr (is_exact_value<A, 0>) return b;
    else if constexpr (is_exact_value<B, 0>) return a;
    else if constexpr (like_terms<A, B>)
        return make_mul(exact<coefficient<A>::value() + coefficient<B>::value()>{}, coefficient<A>::rest_of(a));
    else if constexpr (is_op<B, ops::neg>) return make_sub(a, b.template operand<0>());
    else if constexpr (is_op<A, ops::neg>) return make_sub(b, a.template operand<0>());
    // a stateless node is value-initialized here: no function per node of a long sum
    else if constexpr (std::is_empty<commutative_node<ops::add, A, B>>::value) return commutative_node<ops::add, A, B>{};
    else return make_commutative<ops::add>(a, b);
}
}  // namespace detail

/// a + b; numbers mixed in become value constants.
template <operand A, operand B>
    requires(expression<A> || expression<B>)
static constexpr auto operator+(const A& a, const B& b) {
    constexpr shape sa = detail::shape_of<expression_of<A>>{}, sb = detail::shape_of<expression_of<B>>{};
    detail::check_broadcast<ops::add, sa, sb>();
    if constexpr (detail::plain_stateless_sum<expression_of<A>, expression_of<B>> && !detail::repeats_an_operand<sa, sb>)
        return detail::commutative_node<ops::add, expression_of<A>, expression_of<B>>{};
    else if constexpr (detail::broadcast(sa, sb).rank <= 0) return detail::make_add(expression_of<A>{a}, expression_of<B>{b});
    else if constexpr (detail::repeats_an_operand<sa, sb>) {
        constexpr shape out = detail::broadcast(sa, sb);
        return detail::make_add(detail::image_operand<out>(expression_of<A>{a}), detail::image_operand<out>(expression_of<B>{b}));
    } else return detail::keep_shape<detail::broadcast(sa, sb)>(detail::make_add(expression_of<A>{a}, expression_of<B>{b}));
}

/// Misuse: an operand that is neither an expression nor a number.
template <class A, class B>
    requires((expression<A> || expression<B>) && !(operand<A> && operand<B>))
diagnostic::misuse operator+(const A&, const B&) {
    static_assert(detail::dependent_false<A, B>, "ctgrad::operator+: an operand is neither a ctgrad expression nor a number");
    return {};
}
}  // namespace ctgrad
