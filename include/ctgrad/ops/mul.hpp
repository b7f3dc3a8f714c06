// ctgrad/ops/mul.hpp - a * b
#pragma once
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/core/order.hpp>
#include <ctgrad/ops/op.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/pow.hpp>

namespace ctgrad {
namespace detail {
template <class A, class B>
struct mul_evaluation;  // below: ops::mul::evaluated_as
}  // namespace detail

namespace ops {
struct mul {
    static constexpr cpp_code cpp{.value = "$0 * $1", .backward = {"$adj * $1", "$adj * $0"}};
    static constexpr std::string_view id = "mul";
    static constexpr std::string_view dot = "*";
    static constexpr int rank = 5;
    static constexpr print_format text{"$0 * $1", precedence::product, precedence::product, precedence::product};
    static constexpr print_format latex{"$0 \\cdot $1", precedence::product, precedence::product, precedence::product};
    static constexpr print_format latex_elementwise{"$0 \\odot $1", precedence::product, precedence::product, precedence::product};
    template <class T> static constexpr T value(T a, T b) { return a * b; }
    static constexpr op_properties properties{.reverse_reads = {detail::reads_b, detail::reads_a}};  // the other factor
    template <std::size_t I, class T> static constexpr T backward(T a, T b, T, T adj) { return adj * (I == 0 ? b : a); }
    template <std::size_t I> static constexpr auto derivative(const auto&, const auto& a, const auto& b) {
        if constexpr (I == 0) return b;
        else return a;
    }
    /// How a product is evaluated: gated where a factor is a gate (below). A type, not a
    /// function: g++ names every function it instantiates (docs/architecture.md).
    template <class A, class B> using evaluated_as = typename detail::mul_evaluation<A, B>::type;
};

/// a * b where operand Gate is a gate: step, sign or heaviside (the derivatives of relu, abs,
/// max, min) or a product of one. Where the gate is 0 the product is 0, never 0 * inf = NaN:
/// the branch not taken contributes nothing, as in the reverse rules of those functions (and
/// PyTorch's threshold_backward). Prints and differentiates as the product it is.
template <std::size_t Gate>
struct gated_mul : mul {
    static constexpr cpp_code cpp{.value = Gate == 0 ? "($0 == T(0) ? T(0) : $0 * $1)" : "($1 == T(0) ? T(0) : $0 * $1)",
                                  .backward = {Gate == 0 ? "$adj * $1" : "($1 == T(0) ? T(0) : $adj * $1)",
                                               Gate == 0 ? "($0 == T(0) ? T(0) : $adj * $0)" : "$adj * $0"}};
    template <class T> static constexpr T value(T a, T b) { return (Gate == 0 ? a : b) == T(0) ? T(0) : a * b; }
    template <std::size_t I, class T> static constexpr T backward(T a, T b, T, T adj) {
        if constexpr (I == Gate) return adj * (I == 0 ? b : a);
        else return (Gate == 0 ? a : b) == T(0) ? T(0) : adj * (Gate == 0 ? a : b);
    }
};
}  // namespace ops

namespace detail {
template <class E>
struct is_gate_t : std::bool_constant<has_zero_derivative<E>> {};
template <class A, class B>
struct is_gate_t<node<ops::mul, A, B>> : std::bool_constant<is_gate_t<A>::value || is_gate_t<B>::value> {};
template <class A, class B>
struct mul_evaluation {
    using type = std::conditional_t<is_gate_t<A>::value, ops::gated_mul<0>,
                                    std::conditional_t<is_gate_t<B>::value, ops::gated_mul<1>, ops::mul>>;
};
}  // namespace detail

namespace detail {
// Canonical products: exact coefficients float to the front and merge
// (2 * (3 * x) -> 6 * x), negations float out, x * x -> x^2.
template <class A, class B>
static constexpr auto make_mul(const A& a, const B& b) {
    if constexpr (is_exact<A> && is_exact<B>) return exact<A::value * B::value>{};
    else if constexpr (is_exact_value<A, 0> || is_exact_value<B, 0>) return constant<0>{};
    else if constexpr (is_exact_value<A, 1>) return b;
    else if constexpr (is_exact_value<B, 1>) return a;
    else if constexpr (is_exact_value<A, -1>) return make_neg(b);
    else if constexpr (is_exact_value<B, -1>) return make_neg(a);
    else if constexpr (is_exact<B>) return make_mul(b, a);
    else if constexpr (is_exact<A> && !(coefficient<B>::value() == ratio{1, 1}))
        return make_mul(exact<A::value * coefficient<B>::value()>{}, coefficient<B>::rest_of(b));
    else if constexpr (is_exact<A>) return detail::make_node<node<ops::mul, A, B>>(a, b);
    else if constexpr (!(coefficient<A>::value() == ratio{1, 1}))
        return make_mul(exact<coefficient<A>::value()>{}, make_mul(coefficient<A>::rest_of(a), b));
    else if constexpr (!(coefficient<B>::value() == ratio{1, 1}))
        return make_mul(exact<coefficient<B>::value()>{}, make_mul(a, coefficient<B>::rest_of(b)));
    else if constexpr (std::is_same<A, B>::value && stateless<A>) return make_ipow<2>(a);
    // a stateless node is value-initialized here: no function per node of a long sum
    else if constexpr (std::is_empty<commutative_node<ops::mul, A, B>>::value) return commutative_node<ops::mul, A, B>{};
    else return make_commutative<ops::mul>(a, b);
}
}  // namespace detail

/// a * b
template <operand A, operand B>
    requires(expression<A> || expression<B>)
static constexpr auto operator*(const A& a, const B& b) {
    constexpr shape sa = detail::shape_of<expression_of<A>>{}, sb = detail::shape_of<expression_of<B>>{};
    detail::check_broadcast<ops::mul, sa, sb>();
    if constexpr (detail::broadcast(sa, sb).rank <= 0) return detail::make_mul(expression_of<A>{a}, expression_of<B>{b});
    else if constexpr (detail::repeats_an_operand<sa, sb>) {
        constexpr shape out = detail::broadcast(sa, sb);
        return detail::make_mul(detail::image_operand<out>(expression_of<A>{a}), detail::image_operand<out>(expression_of<B>{b}));
    } else return detail::keep_shape<detail::broadcast(sa, sb)>(detail::make_mul(expression_of<A>{a}, expression_of<B>{b}));
}

/// Misuse: an operand that is neither an expression nor a number.
template <class A, class B>
    requires((expression<A> || expression<B>) && !(operand<A> && operand<B>))
diagnostic::misuse operator*(const A&, const B&) {
    static_assert(detail::dependent_false<A, B>, "ctgrad::operator*: an operand is neither a ctgrad expression nor a number");
    return {};
}
}  // namespace ctgrad
