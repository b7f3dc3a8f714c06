// ctgrad/detail/node_kind.hpp - the one place that sorts expression types into kinds:
// every walk over an expression (programs, printing, diff, gathering value constants)
// branches on kind_of<E>() and loops over operand_count<E>, so a new leaf kind or a
// node of another arity is decided here, and an operation is checked against the
// protocol (ops/op.hpp) wherever a walk meets it.
#pragma once
#include <cstddef>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/diagnostic.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/named.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad::detail {

enum class node_kind : unsigned char {
    variable,        // var<"x">: a value from the point
    exact_constant,  // exact<R>: the value is in the type
    value_constant,  // value_constant<T>: a number held in the expression object
    named,           // named<"a1">(e): an alias of e that prints as a1
    operation,       // node<Op, A...>: Op's rules over 0 to max_operands operands
};

template <class E>
consteval node_kind kind_of() {
    if constexpr (is_var<E>) return node_kind::variable;
    else if constexpr (is_exact<E>) return node_kind::exact_constant;
    else if constexpr (is_value_constant<E>) return node_kind::value_constant;
    else if constexpr (is_named<E>) return node_kind::named;
    else {
        static_assert(is_node<E>::value, "ctgrad: not an expression type (a var, a constant or a node)");
        if constexpr (!operation<typename E::op, E::arity>) CTGRAD_REPORT_OPERATION(typename E::op);
        return node_kind::operation;
    }
}

/// How many operands a walk visits: a named node has one, leaves none.
template <class E>
consteval std::size_t operand_count() {
    if constexpr (kind_of<E>() == node_kind::operation || kind_of<E>() == node_kind::named) return E::arity;
    else return 0;
}
}  // namespace ctgrad::detail
