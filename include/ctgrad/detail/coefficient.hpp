// ctgrad/detail/coefficient.hpp - the exact coefficient of a term (3 * x -> 3 and x;
// -x -> -1 and x), so that like terms combine: x + x -> 2 * x, x - x -> 0.
#pragma once
#include <type_traits>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/expression.hpp>

namespace ctgrad::ops {
struct mul;
struct neg;
}  // namespace ctgrad::ops

namespace ctgrad::detail {
template <class E, class Op>
struct is_op_t : std::false_type {};
template <class Op, class... Args>
struct is_op_t<node<Op, Args...>, Op> : std::true_type {};
template <class E, class Op>
concept is_op = is_op_t<E, Op>::value;

/// c * A with an exact c: a scale that linear operations (transpose, matmul, sum) pull out.
template <class E>
concept exact_scaled = is_op<E, ops::mul> && is_exact<operand_t<0, E>>;

/// value() from a base named by the ratio alone (g++ mangles every function it instantiates;
/// coefficient<E>::value() would spell out E, once per term of a sum).
template <ratio R>
struct coefficient_value {
    static consteval ratio value() { return R; }
};

template <class E>
struct coefficient : coefficient_value<ratio{1, 1}> {
    using rest = E;
    static constexpr const E& rest_of(const E& e) { return e; }
};
template <ratio R, class X>
struct coefficient<node<ops::mul, exact<R>, X>> : coefficient_value<R> {
    using rest = X;
    static constexpr decltype(auto) rest_of(const node<ops::mul, exact<R>, X>& e) { return e.template operand<1>(); }
};
template <class X>
struct coefficient<node<ops::neg, X>> : coefficient_value<ratio{-1, 1}> {
    using rest = X;
    static constexpr decltype(auto) rest_of(const node<ops::neg, X>& e) { return e.template operand<0>(); }
};

/// Two terms whose non-constant parts are one (stateless) type combine exactly.
template <class A, class B>
concept like_terms = std::is_same<typename coefficient<A>::rest, typename coefficient<B>::rest>::value &&
                     stateless<typename coefficient<A>::rest> && !is_exact<typename coefficient<A>::rest>;
}  // namespace ctgrad::detail
