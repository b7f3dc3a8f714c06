// ctgrad/ops/step.hpp - the piecewise-constant functions that derivatives of relu,
// abs, max and min are made of. Their own derivative is 0 (zero_derivative).
#pragma once
#include <ctgrad/ops/op.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
/// step(z) = 1 for z > 0, else 0 (so relu'(0) = 0, as in PyTorch and JAX); NaN stays NaN.
struct step : function_print<"step", "\\operatorname{step}"> {
    static constexpr op_properties properties{.zero_derivative = true};
    static constexpr cpp_code cpp{.value = "($0 > T(0) ? T(1) : ($0 <= T(0) ? T(0) : $0))", .backward = {"T(0)"}};
    template <class T> static constexpr T value(T a) { return a > T(0) ? T(1) : (a <= T(0) ? T(0) : a); }
    template <class T> static constexpr T backward(T, T, T) { return T(0); }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto&) { return constant<0>{}; }
};

/// sign(z) in {-1, 0, 1} (so |z|'(0) = 0); NaN stays NaN.
struct sign : function_print<"sign", "\\operatorname{sign}"> {
    static constexpr op_properties properties{.zero_derivative = true};
    static constexpr cpp_code cpp{.value = "($0 > T(0) ? T(1) : ($0 < T(0) ? T(-1) : ($0 == T(0) ? T(0) : $0)))",
                                  .backward = {"T(0)"}};
    template <class T> static constexpr T value(T a) {
        return a > T(0) ? T(1) : (a < T(0) ? T(-1) : (a == T(0) ? T(0) : a));
    }
    template <class T> static constexpr T backward(T, T, T) { return T(0); }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto&) { return constant<0>{}; }
};

/// heaviside(a - b): 1 if a > b, 1/2 if a == b, 0 if a < b. The share of the gradient
/// that max(a, b) gives to a: ties split it evenly, as in PyTorch and JAX.
struct heaviside {
    static constexpr std::string_view id = "heaviside";
    static constexpr int rank = 3;
    static constexpr op_properties properties{.zero_derivative = true};
    static constexpr print_format text{"heaviside($0 - $1)", precedence::atom, precedence::sum, precedence::product};
    static constexpr print_format latex{"H\\left($0 - $1\\right)", precedence::atom, precedence::sum, precedence::product};
    static constexpr cpp_code cpp{.value = "($0 > $1 ? T(1) : ($0 < $1 ? T(0) : ($0 == $1 ? T(0.5) : $0 + $1)))",
                                  .backward = {"T(0)", "T(0)"}};
    template <class T> static constexpr T value(T a, T b) {
        return a > b ? T(1) : (a < b ? T(0) : (a == b ? T(0.5) : a + b));
    }
    template <std::size_t I, class T> static constexpr T backward(T, T, T, T) { return T(0); }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto&, const auto&) { return constant<0>{}; }
};
}  // namespace ops

namespace detail {
// Built by derivative rules only: no public step() or sign() to collide with user names.
template <class A>
static constexpr auto make_step(const A& a) {
    if constexpr (is_exact<A>) return constant<(A::value.num > 0 ? 1 : 0)>{};
    else return detail::make_node<node<ops::step, A>>(a);
}
template <class A>
static constexpr auto make_sign(const A& a) {
    if constexpr (is_exact<A>) return constant<(A::value.num > 0) - (A::value.num < 0)>{};
    else return detail::make_node<node<ops::sign, A>>(a);
}
template <class A, class B>
static constexpr auto make_heaviside(const A& a, const B& b) {
    if constexpr (is_exact<A> && is_exact<B>) {
        constexpr int c = detail::compare(A::value, B::value);
        return exact<ratio{c + 1, 2}>{};  // 0, 1/2 or 1
    } else return detail::make_node<node<ops::heaviside, A, B>>(a, b);
}
}  // namespace detail
}  // namespace ctgrad
