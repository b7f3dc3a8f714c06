// ctgrad/core/constant.hpp - exact rational constants (value in the type) and value constants.
#pragma once
#include <concepts>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/ratio.hpp>

namespace ctgrad {

/// An exact rational constant; the value is part of the type, so folding is exact.
template <ratio R>
struct exact {
    static constexpr ratio value = R;
};

/// constant<N, D> is N/D, normalized: constant<2, 4> and constant<1, 2> are one type.
template <std::intmax_t N, std::intmax_t D = 1>
using constant = exact<detail::make_ratio(N, D)>;

/// A number written into an expression (`0.5 * x`). Its value is run-time state,
/// so it is not folded, and subexpressions holding one are never merged by type.
template <class T>
struct value_constant {
    T value;
};

namespace detail {
template <ratio R>
struct is_expression_t<exact<R>> : std::true_type {};
template <class T>
struct is_expression_t<value_constant<T>> : std::true_type {};

template <class E>
struct is_exact_t : std::false_type {};
template <ratio R>
struct is_exact_t<exact<R>> : std::true_type {};
template <class E>
concept is_exact = is_exact_t<E>::value;

template <class E>
struct is_value_constant_t : std::false_type {};
template <class T>
struct is_value_constant_t<value_constant<T>> : std::true_type {};
template <class E>
concept is_value_constant = is_value_constant_t<E>::value;

/// An exact constant equal to the given integer.
template <class E, std::intmax_t V>
struct is_exact_value_t : std::false_type {};
template <ratio R, std::intmax_t V>
struct is_exact_value_t<exact<R>, V> : std::bool_constant<R == ratio{V, 1}> {};
template <class E, std::intmax_t V>
concept is_exact_value = is_exact_value_t<E, V>::value;

template <ratio R>
struct type_hash<exact<R>>
    : std::integral_constant<hash128, hash128{hash_mix(hash_mix(0x51u, std::uint64_t(R.num)), std::uint64_t(R.den)),
                                              hash_mix(0x61u, std::uint64_t(R.num) * 31u + std::uint64_t(R.den))}> {};
/// A type's name as the compiler spells it (for hashing only: each type its own text).
template <class T>
consteval std::string_view spelled_type() {
    return __PRETTY_FUNCTION__;
}
template <class T>  // value_constant<int> and value_constant<float> are different expressions
struct type_hash<value_constant<T>> : std::integral_constant<hash128, hash_leaf(spelled_type<T>(), 0x52u)> {};
}  // namespace detail

/// Plain numbers mixed into expressions.
template <class T>
concept arithmetic = std::is_arithmetic<T>::value && !std::same_as<T, bool>;

/// An expression or a plain number: what arithmetic operators accept.
template <class T>
concept operand = expression<T> || arithmetic<std::remove_cvref_t<T>>;

/// The expression an operand stands for: itself, or a number's value constant. Operators
/// build it as expression_of<A>{a} (a copy or an aggregate, no function named by A: g++
/// mangles every function it instantiates, and A's name grows with the expression).
template <operand T>
using expression_of = std::conditional_t<expression<T>, std::remove_cvref_t<T>, value_constant<std::remove_cvref_t<T>>>;

/// Lifts a number to a value constant; leaves expressions as they are.
template <operand T>
constexpr auto as_expression(const T& v) {
    if constexpr (expression<T>) return v;
    else return value_constant<std::remove_cvref_t<T>>{v};
}

namespace literals {
namespace detail {
template <char... Cs>
consteval std::intmax_t parse_integer() {
    std::intmax_t v = 0;
    for (char c : {Cs...}) {
        if (c == '\'') continue;
        if (c < '0' || c > '9') throw "ctgrad: _c takes a decimal integer literal";
        v = v * 10 + (c - '0');
    }
    return v;
}
}  // namespace detail
/// 3_c: the exact constant 3.
template <char... Cs>
consteval auto operator""_c() {
    return constant<detail::parse_integer<Cs...>()>{};
}
}  // namespace literals
}  // namespace ctgrad
