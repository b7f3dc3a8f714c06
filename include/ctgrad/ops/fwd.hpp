// ctgrad/ops/fwd.hpp - the simplifying builders of the arithmetic operations, declared
// here because their simplification rules refer to one another.
#pragma once
#include <cstddef>

#include <ctgrad/core/shape.hpp>

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
template <std::size_t Axis, class A> static constexpr auto make_sum_axis(const A& a);
}  // namespace ctgrad::detail
namespace ctgrad::detail {
template <ctgrad::shape Target, class A> static constexpr auto expand_to(const A& a);
template <ctgrad::shape Target, class A> static constexpr auto reduce_to(const A& a);
template <ctgrad::shape Target, ctgrad::shape From, class A> static constexpr auto reduce_to(const A& a);
}  // namespace ctgrad::detail
