// ctgrad/diff.hpp - symbolic differentiation: diff(f, x) is again an expression type.
#pragma once
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/named.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/detail/node_kind.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/add.hpp>
#include <ctgrad/ops/broadcast.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
template <class X, class E>
constexpr auto derivative_of(const E& e);

/// d self / d operand I by the operation's rule, given all of n's operands.
template <std::size_t I, class Self, class N, std::size_t... J>
constexpr auto local_derivative(const Self& self, const N& n, std::index_sequence<J...>) {
    return N::op::template derivative<I>(self, n.template operand<J>()...);
}

/// d self / d x through operand I: the rule's local derivative times the operand's.
template <class X, std::size_t I, class Self, class N>
constexpr auto chain_term(const Self& self, const N& n) {
    using A = operand_t<I, N>;
    if constexpr (!depends_on<A, X>) return constant<0>{};
    else {
        auto local = local_derivative<I>(self, n, std::make_index_sequence<N::arity>{});
        if constexpr (is_exact_value<decltype(local), 0>) return constant<0>{};
        else return make_mul(local, derivative_of<X>(n.template operand<I>()));
    }
}

/// The chain rule at node n; `self` is what the rule may reuse as the node's value
/// (n itself, or the named node around it, so derivatives read in forward values).
template <class X, class Self, class N>
constexpr auto chain(const Self& self, const N& n) {
    static_assert(max_operands == 2, "the chain rule is written for up to two operands");
    if constexpr (has_zero_derivative<N> || N::arity == 0) return constant<0>{};
    else if constexpr (N::arity == 1) return chain_term<X, 0>(self, n);
    else return make_add(chain_term<X, 0>(self, n), chain_term<X, 1>(self, n));
}

template <class X, class E>
constexpr auto derivative_of(const E& e) {
    constexpr node_kind kind = kind_of<E>{};
    if constexpr (!depends_on<E, X>) return constant<0>{};
    else if constexpr (kind == node_kind::variable) return constant<1>{};  // E is X
    else if constexpr (kind == node_kind::named) {
        using Inner = operand_t<0, E>;
        if constexpr (kind_of<Inner>{} == node_kind::operation) return chain<X>(e, e.template operand<0>());
        else return derivative_of<X>(e.template operand<0>());
    } else return chain<X>(e, e);
}

// Reverse mode, for tensors: the adjoint of the root (1) flows down the tree; each operation
// hands each operand its vector-Jacobian product, written in forward values. An elementwise
// operation's is adj * (its scalar derivative), summed over the axes the operand was
// broadcast along; a kernel operation states its own (vjp<I>). An adjoint may stay smaller
// than its node (a scalar adjoint of a sum's operand): the operations it meets broadcast it.
template <class X, class E, class Adj>
constexpr auto backprop(const E& e, const Adj& adj);

template <std::size_t I, class Self, class N, class Adj, std::size_t... J>
constexpr auto kernel_vjp(const Self& self, const N& n, const Adj& adj, std::index_sequence<J...>) {
    return N::op::template vjp<I>(self, adj, n.template operand<J>()...);
}

template <class X, std::size_t I, class Self, class N, class Adj>
constexpr auto backprop_operand(const Self& self, const N& n, const Adj& adj) {
    using A = operand_t<I, N>;
    if constexpr (!depends_on<A, X>) return constant<0>{};
    else {
        auto share = [&] {
            if constexpr (kernel_op<typename N::op>) {
                return kernel_vjp<I>(self, n, adj, std::make_index_sequence<N::arity>{});
            } else {
                auto local = local_derivative<I>(self, n, std::make_index_sequence<N::arity>{});
                return reduce_to<shape_of<A>{}, shape_of<N>{}>(make_mul(adj, local));
            }
        }();
        if constexpr (is_exact_value<decltype(share), 0>) return constant<0>{};
        else return backprop<X>(n.template operand<I>(), share);
    }
}

template <class X, class Self, class N, class Adj>
constexpr auto backprop_node(const Self& self, const N& n, const Adj& adj) {
    if constexpr (has_zero_derivative<N> || N::arity == 0) return constant<0>{};
    else if constexpr (N::arity == 1) return backprop_operand<X, 0>(self, n, adj);
    else return make_add(backprop_operand<X, 0>(self, n, adj), backprop_operand<X, 1>(self, n, adj));
}

template <class X, class E, class Adj>
constexpr auto backprop(const E& e, const Adj& adj) {
    constexpr node_kind kind = kind_of<E>{};
    if constexpr (!depends_on<E, X>) return constant<0>{};
    else if constexpr (kind == node_kind::variable) return adj;  // E is X
    else if constexpr (kind == node_kind::named) {
        using Inner = operand_t<0, E>;
        if constexpr (kind_of<Inner>{} == node_kind::operation) return backprop_node<X>(e, e.template operand<0>(), adj);
        else return backprop<X>(e.template operand<0>(), adj);
    } else return backprop_node<X>(e, e, adj);
}

/// Does the expression hold a tensor anywhere?
template <class E>
struct has_tensor_t : std::bool_constant<(shape_of<E>{}.rank > 0)> {};
template <class Op, class... Args>  // a node of constants may be a tensor itself (a broadcast zero)
struct has_tensor_t<node<Op, Args...>>
    : std::bool_constant<(shape_of<node<Op, Args...>>{}.rank > 0) || (has_tensor_t<Args>::value || ...)> {};

/// d f / d x: forward mode (the chain rule from the leaves) for scalar expressions, reverse mode
/// (vector-Jacobian products from the root) when a tensor is involved; the result has x's shape.
template <class X, class F>
constexpr auto derivative_wrt(const F& f) {
    if constexpr (X::shape.rank == 0 && !has_tensor_t<F>::value) {
        return derivative_of<X>(f);
    } else {
        static_assert(shape_of<F>{}.rank == 0,
                      "ctgrad::diff: f is a tensor; differentiate a scalar of it (sum, mean) with respect to a tensor");
        return expand_to<X::shape>(backprop<X>(f, constant<1>{}));
    }
}
}  // namespace detail

/// diff(f, x): df/dx as an expression. diff(f, x, y, ...) differentiates in turn
/// (d/dy of df/dx, ...). A derivative that is identically zero has type constant<0>. For a
/// tensor variable W and a scalar f, diff(f, W) has W's shape (matrix calculus).
template <expression F, variable X, variable... Xs>
constexpr auto diff(const F& f, X, Xs... rest) {
    auto d = detail::derivative_wrt<X>(f);
    if constexpr (sizeof...(Xs) == 0) return d;
    else return diff(d, rest...);
}

/// Misuse: differentiating with respect to something that is not a variable.
template <class F, class... X>
    requires(!(expression<F> && sizeof...(X) > 0 && (variable<X> && ...)))
diagnostic::misuse diff(const F&, const X&...) {
    static_assert(detail::dependent_false<F, X...>,
                  "ctgrad::diff: differentiate an expression with respect to variables (var<\"name\">) only");
    return {};
}
}  // namespace ctgrad
