// ctgrad/detail/shape_of.hpp - the static shape of an expression type: a variable's extents,
// a constant's rank 0, a kernel operation's result_shape, and for an elementwise operation
// the broadcast of its operands' shapes.
#pragma once
#include <ctgrad/core/shape.hpp>
#include <ctgrad/detail/node_kind.hpp>

namespace ctgrad::detail {

template <class Op>
concept kernel_op = requires { &Op::template forward<double>; };

template <class E>
consteval shape shape_of() {
    constexpr node_kind kind = kind_of<E>();
    if constexpr (kind == node_kind::variable) return E::shape;
    else if constexpr (kind == node_kind::named) return shape_of<operand_t<0, E>>();
    else if constexpr (kind != node_kind::operation) return {};
    else if constexpr (E::arity == 0) return {};
    else {
        // each operand's shape in its own constant evaluation: one frame, whatever the depth
        constexpr shape a = shape_of<operand_t<0, E>>();
        if constexpr (E::arity == 1) {
            if constexpr (kernel_op<typename E::op>) return E::op::result_shape(a);
            else return a;
        } else {
            constexpr shape b = shape_of<operand_t<1, E>>();
            if constexpr (kernel_op<typename E::op>) return E::op::result_shape(a, b);
            else return broadcast(a, b);
        }
    }
}

/// A tensor expression: rank 1 or 2.
template <class E>
concept tensor_expression = shape_of<E>().rank > 0;

/// An elementwise binary operation's shape check, in the user function that builds it.
/// Templated on the shapes, not the operand types: one short name per pair of shapes.
template <class Op, shape A, shape B>
consteval void check_broadcast() {
    if constexpr (broadcast(A, B).rank < 0)
        CTGRAD_REPORT_SHAPES(operands_broadcast, operands_do_not_broadcast,
                             "ctgrad: the operands' shapes do not broadcast", Op, shape_diagnostic<A>,
                             shape_diagnostic<B>);
}
}  // namespace ctgrad::detail
