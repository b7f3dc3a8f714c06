// ctgrad/ops/fwd.hpp - the simplifying builders of the arithmetic operations, declared
// here because their simplification rules refer to one another.
#pragma once
#include <cstddef>

#include <ctgrad/core/shape.hpp>
#include <ctgrad/detail/shape_of.hpp>

namespace ctgrad::detail {
template <class A, class B> static constexpr auto make_add(const A& a, const B& b);
template <class A, class B> static constexpr auto make_sub(const A& a, const B& b);
template <class A, class B> static constexpr auto make_mul(const A& a, const B& b);
template <class A, class B> static constexpr auto make_div(const A& a, const B& b);
template <class A> static constexpr auto make_neg(const A& a);
}  // namespace ctgrad::detail

// Tensor builders used by one another's vector-Jacobian products (ops/matmul.hpp,
// ops/transpose.hpp, ops/sum.hpp, ops/broadcast.hpp).
namespace ctgrad::detail {
template <class A, class B> static constexpr auto make_matmul(const A& a, const B& b);
template <class A> static constexpr auto make_transpose(const A& a);
template <class A> static constexpr auto make_sum(const A& a);
template <std::size_t Axis, bool KeepDims = false, class A> static constexpr auto make_sum_axis(const A& a);
}  // namespace ctgrad::detail
namespace ctgrad::detail {
template <ctgrad::shape Target, class A> static constexpr auto expand_to(const A& a);
template <ctgrad::shape Target, class A> static constexpr auto reduce_to(const A& a);
template <ctgrad::shape Target, ctgrad::shape From, class A> static constexpr auto reduce_to(const A& a);
template <ctgrad::shape S, class A> constexpr auto make_reshape(const A& a);

/// An operand of an elementwise operation whose result S has rank 3 or 4, repeated to S where it
/// only broadcasts to it: at rank 3 and 4 those kernels take equal shapes and scalars, and the
/// repetition (broadcast_to) is a node whose VJP sums the adjoint back.
template <ctgrad::shape S, class E>
static constexpr auto image_operand(const E& e) {
    if constexpr (S.rank < 3 || shape_trait<E>::value == S || shape_trait<E>::value.rank == 0) return e;
    else return expand_to<S>(e);
}
/// Whether an elementwise operation of operands shaped A and B repeats one of them first.
template <ctgrad::shape A, ctgrad::shape B>
inline constexpr bool repeats_an_operand = broadcast(A, B).rank >= 3 && A != B && A.rank != 0 && B.rank != 0;

/// What a user's operation returns: its simplified result e, broadcast back to the shape S of
/// the operation where a rule dropped it (x - x of a matrix is a matrix of zeros, not the
/// scalar 0). Simplifications inside derivatives may shrink an adjoint; a user's expression
/// keeps its shape. Callers skip it for scalars (g++ names every function it instantiates).
template <ctgrad::shape S, class E>
static constexpr auto keep_shape(const E& e) {
    if constexpr (shape_trait<E>::value == S) return e;
    else return expand_to<S>(e);
}
}  // namespace ctgrad::detail
