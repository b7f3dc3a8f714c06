// ctgrad/detail/shape_of.hpp - the static shape of an expression type: a variable's extents,
// a constant's rank 0, a kernel operation's result_shape, and for an elementwise operation
// the broadcast of its operands' shapes.
#pragma once
#include <ctgrad/core/shape.hpp>
#include <ctgrad/detail/node_kind.hpp>

namespace ctgrad::detail {

template <class Op>
concept kernel_op = requires { &Op::template forward<double>; };

/// A shape as a type: shape_of<E>{} is an object of it, which converts to shape and answers
/// .rank, .rows, .cols and .size() itself. Named by the shape alone (g++ mangles every
/// function it instantiates, and one templated on E has a name as long as E's type); each
/// node's shape is computed once, when its class is instantiated.
template <shape S>
struct shape_constant {
    static constexpr shape value = S;
    static constexpr int rank = S.rank;
    static constexpr std::size_t rows = S.rows;
    static constexpr std::size_t cols = S.cols;
    static constexpr std::size_t size() { return S.size(); }
    static constexpr bool scalar() { return S.scalar(); }
    constexpr operator shape() const { return S; }
};

template <class Op, shape A>
consteval shape unary_shape() {
    if constexpr (kernel_op<Op>) return Op::result_shape(A);
    else return A;
}
template <class Op, shape A, shape B>
consteval shape binary_shape() {
    if constexpr (kernel_op<Op>) return Op::result_shape(A, B);
    else return broadcast(A, B);
}

template <class E>
struct shape_trait : shape_constant<shape{}> {  // constants
    static_assert(kind_of<E>{} != node_kind::operation);
};
template <fixed_string Name, std::size_t... Extents>
struct shape_trait<var<Name, Extents...>> : shape_constant<var<Name, Extents...>::shape> {};
template <class Op>
struct shape_trait<node<Op>> : shape_constant<shape{}> {};
template <class Op, class A>
struct shape_trait<node<Op, A>> : shape_constant<unary_shape<Op, shape_trait<A>::value>()> {};
template <class Op, class A, class B>
struct shape_trait<node<Op, A, B>> : shape_constant<binary_shape<Op, shape_trait<A>::value, shape_trait<B>::value>()> {};

/// The static shape of expression type E: `constexpr shape s = shape_of<E>{};`.
template <class E>
using shape_of = shape_trait<E>;

/// A tensor expression: rank 1 or 2.
template <class E>
concept tensor_expression = shape_of<E>{}.rank > 0;

/// The check of an operation on scalars, vectors and matrices (matmul, transpose, softmax, an
/// axis reduction): an operand of rank 3 or 4 is a compile error naming the call.
template <class Op, shape S>
consteval bool check_rank_at_most_two() {
    if constexpr (S.rank > 2)
        CTGRAD_REPORT_SHAPES(operand_has_rank_at_most_two, operand_has_rank_three_or_four,
                             "ctgrad: the operation takes scalars, vectors and matrices; an image tensor (rank 3 or 4) "
                             "is flattened first (flatten, reshape)",
                             Op, shape_diagnostic<S>, diagnostic::at_most_rank<2>);
    return S.rank <= 2;
}

/// An elementwise binary operation's shape check, in the user function that builds it.
/// Templated on the shapes, not the operand types: one short name per pair of shapes.
template <class Op, shape A, shape B>
consteval void check_broadcast() {
    if constexpr (broadcast(A, B).rank < 0)
        CTGRAD_REPORT_SHAPES(operands_broadcast, operands_do_not_broadcast,
                             "ctgrad: the operands' shapes do not broadcast (a vector broadcasts as a row; "
                             "sum<1, keepdims>(X) or mean<1, keepdims>(X) of a matrix is a column)",
                             Op, shape_diagnostic<A>,
                             shape_diagnostic<B>);
}
}  // namespace ctgrad::detail
