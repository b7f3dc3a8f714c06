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
