// ctgrad/core/expression.hpp - the expression concept and the node every operation builds.
//
// An expression is a type: leaves (var, exact constants, value constants) and
// node<Op, Operands...>. Operands that are empty types are not stored, so an
// expression built from variables and exact constants is itself an empty type.
#pragma once
#include <cstddef>
#include <array>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <string_view>
#include <utility>

#include <ctgrad/core/fixed_string.hpp>

namespace ctgrad {

// Traits over expression types are types or concepts, never variable templates: g++
// emits (and mangles) every variable, and the names of expression types grow with the
// expression, which made one 8-32-4 network spend 20 s mangling trait variables.
namespace detail {
template <class T>
struct is_expression_t : std::false_type {};  // leaves and node specialize this
}

/// Any ctgrad expression: a variable, a constant, or an operation node.
template <class E>
concept expression = detail::is_expression_t<std::remove_cvref_t<E>>::value;

namespace detail {
/// One operand slot; empty operands are rebuilt on access instead of stored.
template <std::size_t I, class A, bool = std::is_empty<A>::value>
struct operand_slot {
    constexpr operand_slot() = default;
    constexpr explicit operand_slot(const A&) {}
    constexpr A get() const { return A{}; }
};
template <std::size_t I, class A>
struct operand_slot<I, A, false> {
    A stored;
    constexpr operand_slot() = default;
    constexpr explicit operand_slot(const A& a) : stored(a) {}
    constexpr const A& get() const { return stored; }
};
template <class Seq, class... Args>
struct operand_slots;
template <std::size_t... I, class... Args>
struct operand_slots<std::index_sequence<I...>, Args...> : operand_slot<I, Args>... {
    constexpr operand_slots() = default;
    constexpr explicit operand_slots(const Args&... args)
        requires(sizeof...(Args) > 0)
        : operand_slot<I, Args>(args)... {}
};
}  // namespace detail

/// An operation applied to operands. Op carries the rules (value, derivative,
/// printing): the protocol `operation` in ops/op.hpp.
namespace detail {
/// A node's arity, from a base named by the number alone: g++ emits every static data member
/// it meets, under a name that would otherwise spell the node's whole type.
template <std::size_t N>
struct node_arity {
    static constexpr std::size_t arity = N;
};
}  // namespace detail

template <class Op, class... Args>
struct node : detail::operand_slots<std::index_sequence_for<Args...>, Args...>, detail::node_arity<sizeof...(Args)> {
    using op = Op;
    using base = detail::operand_slots<std::index_sequence_for<Args...>, Args...>;

    constexpr node() = default;
    constexpr explicit node(const Args&... args)
        requires(sizeof...(Args) > 0)
        : base(args...) {}

    template <std::size_t I>
    constexpr decltype(auto) operand() const {
        using A = std::tuple_element_t<I, std::tuple<Args...>>;
        return static_cast<const detail::operand_slot<I, A>&>(*this).get();
    }
};

namespace detail {
/// Node N over its operands. A stateless node is value-initialized, which calls no
/// function: g++ mangles every constructor it instantiates, and a node's constructor (with
/// its bases') named the node's whole type five times over, per node of the expression.
template <class N, class... Operands>
constexpr N make_node([[maybe_unused]] const Operands&... operands) {
    if constexpr (std::is_empty<N>::value) return N{};
    else return N(operands...);
}

template <class Op, class... Args>
struct is_expression_t<node<Op, Args...>> : std::true_type {};

template <class E>
struct is_node : std::false_type {};
template <class Op, class... Args>
struct is_node<node<Op, Args...>> : std::true_type {};

/// Stateless: holds nothing at run time (variables and exact constants only).
template <class E>
concept stateless = std::is_empty<E>::value;

/// The n-th operand type of a node.
template <std::size_t I, class E>
struct operand_type;
template <std::size_t I, class Op, class... Args>
struct operand_type<I, node<Op, Args...>> {
    using type = std::tuple_element_t<I, std::tuple<Args...>>;
};
template <std::size_t I, class E>
using operand_t = typename operand_type<I, E>::type;

/// A 128-bit structural hash of an expression type (two independent 64-bit halves):
/// the identity of a subexpression when the DAG is flattened.
struct hash128 {
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    constexpr bool operator==(const hash128&) const = default;
};
constexpr hash128 hash_combine(hash128 h, hash128 v) {
    return {hash_mix(h.lo, v.lo), hash_mix(h.hi ^ 0x5bd1e9955bd1e995ull, v.hi + 0x27d4eb2f165667c5ull)};
}
constexpr hash128 hash_leaf(std::string_view text, std::uint64_t salt) {
    return {hash_text(text, hash_mix(0xcbf29ce484222325ull, salt)), hash_text(text, hash_mix(0x84222325cbf29ce4ull, ~salt))};
}

/// h folded with the hashes of a node's operands, in order.
template <std::size_t N>
constexpr hash128 combine_hashes(hash128 h, const std::array<hash128, N>& operands) {
    for (const hash128& operand : operands) h = hash_combine(h, operand);
    return h;
}

/// type_hash<E>::value: leaves specialize it here, nodes in ops/op.hpp (the op's id and
/// parameter enter the hash). Each is an integral_constant<hash128, ...>.
template <class E>
struct type_hash;

/// Does expression E depend on the variable X?  (X is a var type.)
template <class E, class X>
struct depends_on_t : std::is_same<E, X> {};
template <class Op, class... Args, class X>
struct depends_on_t<node<Op, Args...>, X> : std::bool_constant<(depends_on_t<Args, X>::value || ...)> {};
template <class E, class X>
concept depends_on = depends_on_t<E, X>::value;
}  // namespace detail
}  // namespace ctgrad
