// ctgrad/ops/op.hpp - what an operation provides, and the shapes shared by all of them.
//
// An operation is a tag type Op used as node<Op, Operands...>. It carries, in one file:
//   id, rank                    identity and canonical-order class (see core/order.hpp)
//   text, latex                 print formats ($0, $1 are the operands)
//   value(a [, b])              the forward value, for any scalar T
//   backward[<I>](a, [b,] out, adj)  the adjoint contribution adj * d out / d operand I,
//                               written in forward values (as hand-written backprop would)
//   derivative<I>(self, a...)   d self / d operand I as an expression
//   zero_derivative (optional)  true for piecewise-constant ops (step, sign)
// The user-facing function (exp(e), a * b, ...) simplifies and builds the node.
#pragma once
#include <string_view>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/order.hpp>

namespace ctgrad {

/// Binding strength used to print the fewest parentheses.
namespace precedence {
inline constexpr int sum = 1;
inline constexpr int product = 2;
inline constexpr int unary = 3;
inline constexpr int power = 4;
inline constexpr int atom = 5;
}  // namespace precedence

/// How an operation prints: a pattern with $0/$1 for the operands, the precedence of
/// the result, and the least precedence each operand may have without parentheses.
struct print_format {
    std::string_view pattern;
    int result = precedence::atom;
    int operand0 = 0;
    int operand1 = 0;
};

namespace detail {
template <class...>
inline constexpr bool dependent_false = false;  // for static_asserts in misuse overloads
/// An op's optional `reverse_reads` (one mask, or one per operand of a binary op): which
/// forward values its backward rule reads. Default: all of them.
inline constexpr unsigned reads_a = 1, reads_b = 2, reads_out = 4, reads_all = 7;

template <class E>
struct has_zero_derivative_t : std::false_type {};
template <class Op, class... Args>
    requires requires { Op::zero_derivative; }
struct has_zero_derivative_t<node<Op, Args...>> : std::bool_constant<Op::zero_derivative> {};
template <class E>
concept has_zero_derivative = has_zero_derivative_t<E>::value;

/// A node of Op over canonically ordered operands (for commutative operations).
template <class Op, class A, class B>
constexpr auto make_commutative(const A& a, const B& b) {
    if constexpr (out_of_order<A, B>) return node<Op, B, A>(b, a);
    else return node<Op, A, B>(a, b);
}
}  // namespace detail
}  // namespace ctgrad
