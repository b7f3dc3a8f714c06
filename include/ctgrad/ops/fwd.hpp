// ctgrad/ops/fwd.hpp - the simplifying builders of the arithmetic operations, declared
// here because their simplification rules refer to one another.
#pragma once

namespace ctgrad::detail {
template <class A, class B> constexpr auto make_add(const A& a, const B& b);
template <class A, class B> constexpr auto make_sub(const A& a, const B& b);
template <class A, class B> constexpr auto make_mul(const A& a, const B& b);
template <class A, class B> constexpr auto make_div(const A& a, const B& b);
template <class A> constexpr auto make_neg(const A& a);
}  // namespace ctgrad::detail
