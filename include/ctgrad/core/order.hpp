// ctgrad/core/order.hpp - the canonical order of operands of + and *.
//
// Canonical form: the operands of a commutative node are sorted by `compare`, so
// x * y and y * x are one type. The order is: exact constants (by value), value
// constants, variables and named intermediates (by name), then compound nodes by
// Op::rank (functions 3, sums 4, products 5), then by operation id, then operand
// by operand. So `2 * x`, `a * r1`, `c * x1 + e * x2` and `a2 * (1 - a2)` are canonical.
#pragma once
#include <string_view>
#include <type_traits>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad::detail {

/// A compound node's order: its operation's rank (named by the operation, not the node's type).
template <class Op>
struct operation_order {
    static consteval int rank() { return Op::rank; }
    static consteval bool leaf() { return false; }
};
template <class E>
struct order_traits : operation_order<typename E::op> {};  // compound nodes
template <ratio R>
struct order_traits<exact<R>> {
    static consteval int rank() { return 0; }
    static consteval bool leaf() { return true; }
};
template <class T>
struct order_traits<value_constant<T>> {
    static consteval int rank() { return 1; }
    static consteval bool leaf() { return true; }
};
template <fixed_string Name, std::size_t... Extents>
struct order_traits<var<Name, Extents...>> {
    static consteval int rank() { return 2; }
    static consteval bool leaf() { return true; }
    static consteval std::string_view name() { return Name.view(); }
};

constexpr int three_way(auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); }

template <class A, class B>
consteval int compare_operands();
template <class A, class B>
consteval int compare();

/// -1, 0 or 1: the canonical order of two expression types (0 only for one type,
/// or for value constants of one type, whose order does not matter).
template <class A, class B>
consteval int compare() {
    using TA = order_traits<A>;
    using TB = order_traits<B>;
    if constexpr (std::is_same<A, B>::value) return 0;
    else if constexpr (TA::rank() != TB::rank()) return three_way(TA::rank(), TB::rank());
    else if constexpr (is_exact<A> && is_exact<B>) return detail::compare(A::value, B::value);
    else if constexpr (is_value_constant<A> && is_value_constant<B>) return three_way(sizeof(A), sizeof(B));
    else if constexpr (requires { TA::name(); TB::name(); }) {
        // variables and named intermediates interleave by name
        if constexpr (TA::name() != TB::name()) return TA::name() < TB::name() ? -1 : 1;
        else if constexpr (TA::leaf() != TB::leaf()) return TA::leaf() ? -1 : 1;
        else return compare_operands<A, B>();
    } else if constexpr (TA::leaf() || TB::leaf()) return TA::leaf() ? -1 : 1;
    else if constexpr (A::op::id != B::op::id) return A::op::id < B::op::id ? -1 : 1;
    else if constexpr (op_param<typename A::op>() != op_param<typename B::op>())
        return three_way(op_param<typename A::op>(), op_param<typename B::op>());
    else return compare_operands<A, B>();
}

template <std::size_t I, class A, class B>
consteval int compare_from() {
    if constexpr (I == A::arity) return 0;
    else {
        constexpr int c = compare<operand_t<I, A>, operand_t<I, B>>();
        if constexpr (c != 0) return c;
        else return compare_from<I + 1, A, B>();
    }
}

template <class A, class B>
consteval int compare_operands() {  // the first operand that differs decides
    if constexpr (A::arity != B::arity) return three_way(A::arity, B::arity);
    else return compare_from<0, A, B>();
}

/// True when a and b should be swapped to be in canonical order. Operands of different ranks
/// (a product beside a sum, a variable beside a function) are decided by rank alone, before
/// compare<A, B> is instantiated: a constraint's conjunctions and disjunctions short-circuit.
template <class A, class B>
concept out_of_order = (order_traits<A>::rank() > order_traits<B>::rank()) ||
                       (order_traits<A>::rank() == order_traits<B>::rank() && compare<A, B>() > 0);

/// The node of a commutative Op over a and b in canonical order.
template <class Op, class A, class B>
using commutative_node = std::conditional_t<out_of_order<A, B>, node<Op, B, A>, node<Op, A, B>>;

/// A node of Op over canonically ordered operands (for commutative operations).
template <class Op, class A, class B>
constexpr auto make_commutative(const A& a, const B& b) {
    if constexpr (std::is_empty<commutative_node<Op, A, B>>::value) return commutative_node<Op, A, B>{};
    else if constexpr (out_of_order<A, B>) return node<Op, B, A>(b, a);
    else return node<Op, A, B>(a, b);
}
}  // namespace ctgrad::detail
