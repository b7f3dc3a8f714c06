// ctgrad/ops/op.hpp - the operation protocol: what an operation type provides, stated as
// the concept `operation` and checked wherever a node is used (detail/node_kind.hpp).
//
// An operation is a tag type Op used as node<Op, Operands...> with 0, 1 or 2 operands.
// Required (for arity n; a0, a1 are the operands' forward values, out the node's):
//   id                     std::string_view  identity: structural hash, canonical order, to_dot
//   rank                   int               canonical-order class (core/order.hpp)
//   text, latex            print_format      how it prints; $0 and $1 stand for the operands
//   value<T>(a0...)        T                 the forward value, for any scalar T
//   backward               T                 the adjoint contribution adj * d out / d operand,
//                                            in forward values (as hand-written backprop):
//                                            n = 1: backward<T>(a0, out, adj)
//                                            n = 2: backward<I, T>(a0, a1, out, adj)
//   derivative<I>(self, a0...)               d self / d operand I as an expression; self is
//                                            the node itself or the named node around it
// n = 0 (a constant known only as a formula, e.g. 2/sqrt(pi)) needs neither backward nor
// derivative. An operation that is not elementwise states kernel rules over whole tensors
// instead of value and backward (ops/kernel.hpp).
// Optional, with its default:
//   properties             op_properties{}   see below; write it with designated
//                                            initializers, so a misspelled member fails to compile
//   cpp                    none              cpp_code (below): how to_cpp writes the operation as
//                                            standalone C++; to_cpp rejects an op without it
//   dot                    id                std::string_view: the node's label in to_dot ("+")
// The user-facing function (exp(e), a * b, ...) simplifies, then builds the node.
#pragma once
#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/ops/kernel.hpp>

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
/// The most operands a node has: instructions, sweeps and printing are written for it,
/// and the `operation` concept rejects a node with more.
inline constexpr std::size_t max_operands = 2;
/// Which forward values a backward rule reads: its operands (a, b) and its own value (out).
inline constexpr unsigned reads_a = 1, reads_b = 2, reads_out = 4, reads_all = 7;
}  // namespace detail

/// The optional properties of an operation; each default is the safe choice.
struct op_properties {
    /// A parameter that is part of the operation's identity (an exponent, a name): hashed
    /// and compared with id, so ipow<2> and ipow<3> are different operations.
    std::uint64_t param = 0;
    /// Piecewise constant (step, sign): the derivative is 0 wherever it exists, so the
    /// node stops differentiation and the reverse sweep.
    bool zero_derivative = false;
    /// backward<I> returns adj itself (a + b): operand I may take over the node's adjoint
    /// storage instead of copying it.
    std::array<bool, detail::max_operands> passes_adjoint{};
    /// The value is operand 0's elements in their order (reshape): the node takes no value
    /// storage and its forward step does nothing; whatever reads it reads the operand's.
    bool views_operand = false;
    /// The forward values backward<I> reads (reads_a | reads_b | reads_out): a reverse step
    /// may run before values it does not read exist, and never loads them.
    std::array<unsigned, detail::max_operands> reverse_reads{detail::reads_all, detail::reads_all};
};

/// How to_cpp writes an operation as standalone C++ (only <cmath>): expressions in the
/// scalar type T over $0, $1 (the operands' values), $out (the node's value) and $adj (its
/// adjoint). A backward expression may read only the values its reverse_reads names. The
/// helpers are definitions the expressions call, each wrapped in its own #ifndef guard so
/// that a file of several emitted functions defines it once.
struct cpp_code {
    std::string_view value{};
    std::array<std::string_view, detail::max_operands> backward{};
    std::array<std::string_view, 2> helpers{};
};

namespace detail {
template <class Op, std::size_t Arity>
concept has_rules_of_arity =
    (Arity == 0 && requires { { Op::template value<double>() } -> std::same_as<double>; }) ||
    (Arity == 1 && requires(double a) {
        { Op::template value<double>(a) } -> std::same_as<double>;
        { Op::template backward<double>(a, a, a) } -> std::same_as<double>;
    }) ||
    (Arity == 2 && requires(double a) {
        { Op::template value<double>(a, a) } -> std::same_as<double>;
        { Op::template backward<0, double>(a, a, a, a) } -> std::same_as<double>;
        { Op::template backward<1, double>(a, a, a, a) } -> std::same_as<double>;
    });

template <class Op>
concept has_valid_properties =
    (!requires { Op::properties; } || std::same_as<std::remove_cv_t<decltype(Op::properties)>, op_properties>) &&
    (!requires { Op::cpp; } || std::same_as<std::remove_cv_t<decltype(Op::cpp)>, cpp_code>) &&
    (!requires { Op::dot; } || std::convertible_to<decltype(Op::dot), std::string_view>);
}  // namespace detail

/// Op is an operation of Arity operands: every required member with the right type, and
/// `properties`, if present, an op_properties.
template <class Op, std::size_t Arity>
concept operation = Arity <= detail::max_operands && requires {
    { Op::id } -> std::convertible_to<std::string_view>;
    { Op::rank } -> std::convertible_to<int>;
    { Op::text } -> std::convertible_to<print_format>;
    { Op::latex } -> std::convertible_to<print_format>;
} && (detail::has_rules_of_arity<Op, Arity> || detail::has_kernel_rules_of_arity<Op, Arity>) &&
    detail::has_valid_properties<Op>;

namespace detail {
template <class...>
inline constexpr bool dependent_false = false;  // for static_asserts in misuse overloads

/// Op's properties: the declared ones, or the defaults. The one place that probes for them.
template <class Op>
consteval op_properties properties_of() {
    if constexpr (requires { Op::properties; }) return Op::properties;
    else return {};
}

/// Op's C++ emission rules, or none (an empty value).
template <class Op>
consteval cpp_code cpp_of() {
    if constexpr (requires { Op::cpp; }) return Op::cpp;
    else return {};
}

/// How to_dot labels Op's nodes: its `dot` symbol, or its id.
template <class Op>
consteval std::string_view dot_of() {
    if constexpr (requires { Op::dot; }) return Op::dot;
    else return Op::id;
}

/// Operation parameters (an exponent, a name) enter the structural hash with the id.
template <class Op>
consteval std::uint64_t op_param() {
    return properties_of<Op>().param;
}

template <class Op, class... Args>
struct type_hash<node<Op, Args...>>
    : std::integral_constant<hash128, combine_hashes(hash_leaf(Op::id, op_param<Op>()),
                                                     std::array<hash128, sizeof...(Args)>{type_hash<Args>::value...})> {
    // computed once per node type, as a base: a sum that reads a hidden unit 64 times does not
    // hash that unit's tree 64 times (clang's 2^20-step limit), and the value's name,
    // integral_constant<hash128, {lo, hi}>::value, is short (g++ mangles every variable)
};

template <class E>
struct has_zero_derivative_t : std::false_type {};
template <class Op, class... Args>
struct has_zero_derivative_t<node<Op, Args...>> : std::bool_constant<properties_of<Op>().zero_derivative> {};
/// A node whose operation is piecewise constant.
template <class E>
concept has_zero_derivative = has_zero_derivative_t<E>::value;
}  // namespace detail
}  // namespace ctgrad
