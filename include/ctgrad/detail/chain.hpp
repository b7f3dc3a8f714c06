// ctgrad/detail/chain.hpp - long sums and products as balanced trees, and the register
// anchor that keeps their partial results where they are computed.
#pragma once
#include <type_traits>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/detail/node_kind.hpp>
#include <ctgrad/detail/op_rules.hpp>
#include <ctgrad/detail/shape_of.hpp>

namespace ctgrad::ops {
struct add;
struct mul;
}

namespace ctgrad::detail {

/// A long sum or product, however it is nested (((t1 + t2) + t3) + ..., as a newcomer writes a
/// neuron, or t1 + (t2 + (t3 + ...)), as a fold writes it), is emitted as one chain: its terms
/// in order, combined pairwise as they come (a binary counter, so at most log2(n) + 1 partial
/// results are alive), which makes a balanced tree: no n-long dependency chain, in the forward
/// sweep or in the reverse one (a product's adjoints flow down log2(n) levels, not n). One
/// function per chain, named by its terms: g++ mangles every function it instantiates, and one
/// per partial sum had names growing with its length (cubic in the chain's). Stateless scalar
/// links only: a chain holds no run-time state, and a broadcast does not reassociate.
template <class... Terms>
struct chain_terms {};
template <class A, class B>
struct chain_concat;
template <class... A, class... B>
struct chain_concat<chain_terms<A...>, chain_terms<B...>> {
    using type = chain_terms<A..., B...>;
};
/// A node of an associative chain of Op: stateless, scalar, and evaluated by Op's own rules
/// (a product gated by relu's step is not: ops/mul.hpp).
template <class E, class Op>
concept chain_link = std::is_empty<E>::value && is_node<E>::value && std::is_same<typename E::op, Op>::value &&
                     E::arity == 2 && std::is_same<evaluated_op<E>, Op>::value && shape_of<E>::rank == 0;
template <class E>
concept associative_op = std::is_same<typename E::op, ops::add>::value || std::is_same<typename E::op, ops::mul>::value;
/// A chain of three terms or more.
template <class E>
concept long_chain = associative_op<E> && chain_link<E, typename E::op> &&
                     (chain_link<operand_t<0, E>, typename E::op> || chain_link<operand_t<1, E>, typename E::op>);
template <class Op, class E>
struct terms_of {
    using type = chain_terms<E>;
};
template <class Op, chain_link<Op> E>
struct terms_of<Op, E> {
    using type = typename chain_concat<typename terms_of<Op, operand_t<0, E>>::type,
                                       typename terms_of<Op, operand_t<1, E>>::type>::type;
};

/// A value kept where it is computed at run time. g++ expands a single-use temporary at its
/// use (TER), so a balanced tree of partial sums, or a parameter's sum of contributions in the
/// reverse sweep, moves to its last use, and every value it reads lives until then in a stack
/// slot: 608 stack stores and loads in linear_regression_128's gradient, none with the anchors
/// (clang++ has none either way). An empty asm that holds the value in a register.
template <class T>
constexpr T anchored(T out) {
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>)
        if (!std::is_constant_evaluated()) asm("" : "+x"(out));
#endif
    return out;
}
template <class Op, class T>
constexpr T anchored_value(T a, T b) {
    return anchored(Op::template value<T>(a, b));
}
}  // namespace ctgrad::detail
