// ctgrad/detail/node_kind.hpp - the one place that sorts expression types into kinds:
// every walk over an expression (programs, printing, diff, gathering value constants)
// branches on kind_of<E>{} and loops over operand_count<E>, so a new leaf kind or a
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

// kind_of<E>{} is an object, not a function call: an empty class whose conversion to
// node_kind lives in a base named by the kind or the operation alone. g++ mangles every
// function it instantiates, and a function templated on E has a name as long as E's type.
template <node_kind K>
struct leaf_kind {
    constexpr operator node_kind() const { return K; }
};
template <class Op, std::size_t Arity>
struct operation_kind {
    consteval operator node_kind() const {
        if constexpr (!operation<Op, Arity>) CTGRAD_REPORT_OPERATION(Op);
        return node_kind::operation;
    }
};

template <class E>
struct kind_trait {
    static_assert(dependent_false<E>, "ctgrad: not an expression type (a var, a constant or a node)");
};
template <fixed_string Name, std::size_t... Extents>
struct kind_trait<var<Name, Extents...>> : leaf_kind<node_kind::variable> {};
template <ratio R>
struct kind_trait<exact<R>> : leaf_kind<node_kind::exact_constant> {};
template <class T>
struct kind_trait<value_constant<T>> : leaf_kind<node_kind::value_constant> {};
template <fixed_string Name, class E>
struct kind_trait<node<ops::named<Name>, E>> : leaf_kind<node_kind::named> {};
template <class Op, class... Args>
struct kind_trait<node<Op, Args...>> : operation_kind<Op, sizeof...(Args)> {};

/// The kind of expression type E: `constexpr node_kind k = kind_of<E>{};`.
template <class E>
using kind_of = kind_trait<E>;

/// How many operands a walk visits: a named node has one, leaves none.
template <class E>
consteval std::size_t operand_count() {
    if constexpr (kind_of<E>{} == node_kind::operation || kind_of<E>{} == node_kind::named) return E::arity;
    else return 0;
}
}  // namespace ctgrad::detail
