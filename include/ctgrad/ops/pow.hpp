// ctgrad/ops/pow.hpp - powers: pow(e, 3_c), pow(e, constant<1, 2>), pow(e, g), square(e).
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace ops {
struct log;
}
namespace detail {
template <std::intmax_t K, class A> static constexpr auto make_ipow(const A& a);
template <ratio R, class A> static constexpr auto make_rpow(const A& a);
template <class A, class B> static constexpr auto make_pow(const A& a, const B& b);

/// "$0^<text>" patterns for exponents known at compile time.
template <ratio R, bool Latex>
consteval auto power_pattern() {
    fixed_string<64> out;
    std::size_t n = 0;
    auto put = [&](std::string_view s) { for (char c : s) out.chars[n++] = c; };
    auto put_int = [&](std::intmax_t v) {
        if (v < 0) { out.chars[n++] = '-'; v = -v; }
        char digits[24] = {};
        int d = 0;
        do { digits[d++] = static_cast<char>('0' + v % 10); v /= 10; } while (v != 0);
        while (d > 0) out.chars[n++] = digits[--d];
    };
    if constexpr (Latex) {
        put("$0^{");
        if constexpr (R.den == 1) put_int(R.num);
        else { put("\\frac{"); put_int(R.num); put("}{"); put_int(R.den); put("}"); }
        put("}");
    } else {
        put("$0^");
        if constexpr (R.den == 1 && R.num >= 0) put_int(R.num);
        else { put("("); put_int(R.num); if constexpr (R.den != 1) { put("/"); put_int(R.den); } put(")"); }
    }
    return std::pair{out, n};
}
template <ratio R, bool Latex>
inline constexpr auto power_pattern_v = power_pattern<R, Latex>();

/// A to_cpp pattern with each '#' replaced by the next integer of Values.
template <std::intmax_t... Values>
consteval auto cpp_pattern(std::string_view pattern) {
    fixed_string<160> out;
    std::size_t n = 0;
    std::intmax_t values[] = {Values..., 0};
    std::size_t next = 0;
    for (char c : pattern) {
        if (c != '#') { out.chars[n++] = c; continue; }
        std::intmax_t v = values[next++];
        if (v < 0) { out.chars[n++] = '-'; v = -v; }
        char digits[24] = {};
        int d = 0;
        do { digits[d++] = static_cast<char>('0' + v % 10); v /= 10; } while (v != 0);
        while (d > 0) out.chars[n++] = digits[--d];
    }
    return std::pair{out, n};
}
/// to_cpp's x^k (integer_power below, with k at run time).
inline constexpr std::string_view ipow_cpp_helpers = R"(#ifndef CTGRAD_CPP_IPOW
#define CTGRAD_CPP_IPOW
template <class T> inline T ctgrad_ipow(T x, long long k) {
    bool invert = k < 0;
    unsigned long long n = invert ? 0ull - static_cast<unsigned long long>(k) : static_cast<unsigned long long>(k);
    T result = T(1), base = x;
    bool first = true;
    while (n != 0) {
        if (n & 1u) { result = first ? base : result * base; first = false; }
        n >>= 1;
        if (n != 0) base = base * base;
    }
    return invert ? T(1) / result : result;
}
#endif
)";

/// The set bits of N from the lowest: result times base^(2^i) for each, base squared in turn
/// (x^2 is one multiplication, as written by hand). Unrolled at compile time: a loop left in
/// an elementwise pass keeps g++ from vectorizing the pass.
template <std::uintmax_t N, bool First, class T>
constexpr T power_by_squaring(T result, T base) {
    if constexpr (N == 0) return result;
    else {
        if constexpr ((N & 1u) != 0) result = First ? base : result * base;
        if constexpr ((N >> 1) == 0) return result;
        else return power_by_squaring<(N >> 1), First && (N & 1u) == 0>(result, base * base);
    }
}
/// x^K, the multiplications of ctgrad_ipow (above) in the same order.
template <std::intmax_t K, class T>
constexpr T integer_power(T x) {
    if constexpr (K < 0) return T(1) / power_by_squaring<static_cast<std::uintmax_t>(-K), true>(T(1), x);
    else return power_by_squaring<static_cast<std::uintmax_t>(K), true>(T(1), x);
}
}  // namespace detail

namespace ops {
/// x^K for an exact integer K.
template <std::intmax_t K>
struct ipow {
    static constexpr std::string_view id = "ipow";
    static constexpr std::string_view dot = "power";
    static constexpr op_properties properties{.param = static_cast<std::uint64_t>(K)};
    static constexpr int rank = 3;
    static constexpr print_format text{
        std::string_view(detail::power_pattern_v<ratio{K, 1}, false>.first.chars, detail::power_pattern_v<ratio{K, 1}, false>.second),
        precedence::power, precedence::atom};
    static constexpr print_format latex{
        std::string_view(detail::power_pattern_v<ratio{K, 1}, true>.first.chars, detail::power_pattern_v<ratio{K, 1}, true>.second),
        precedence::power, precedence::atom};
    static constexpr auto cpp_value = detail::cpp_pattern<K>("ctgrad_ipow($0, #)");
    static constexpr auto cpp_backward = K == 2 ? detail::cpp_pattern<>("$adj * ($0 + $0)")
                                                : detail::cpp_pattern<K, K - 1>("$adj * T(#) * ctgrad_ipow($0, #)");
    static constexpr cpp_code cpp{.value = {cpp_value.first.chars, cpp_value.second},
                                  .backward = {std::string_view(cpp_backward.first.chars, cpp_backward.second)},
                                  .helpers = {detail::ipow_cpp_helpers}};
    template <class T> static constexpr T value(T a) { return detail::integer_power<K>(a); }
    template <class T> static constexpr T backward(T a, T, T adj) {
        if constexpr (K == 2) return adj * (a + a);
        else return adj * T(K) * detail::integer_power<K - 1>(a);
    }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        return detail::make_mul(constant<K>{}, detail::make_ipow<K - 1>(a));
    }
};

/// x^R for an exact non-integer rational R (x^(1/2) is computed as sqrt).
template <ratio R>
struct rpow {
    static constexpr std::string_view id = "rpow";
    static constexpr std::string_view dot = "power";
    static constexpr op_properties properties{.param = detail::hash_mix(std::uint64_t(R.num), std::uint64_t(R.den))};
    static constexpr int rank = 3;
    static constexpr print_format text{
        std::string_view(detail::power_pattern_v<R, false>.first.chars, detail::power_pattern_v<R, false>.second),
        precedence::power, precedence::atom};
    static constexpr print_format latex{
        std::string_view(detail::power_pattern_v<R, true>.first.chars, detail::power_pattern_v<R, true>.second),
        precedence::power, precedence::atom};
    static constexpr auto cpp_value = R == ratio{1, 2} ? detail::cpp_pattern<>("std::sqrt($0)")
                                                         : detail::cpp_pattern<R.num, R.den>("std::pow($0, T(#) / T(#))");
    static constexpr auto cpp_backward = detail::cpp_pattern<R.num, R.den, (R - ratio{1, 1}).num, (R - ratio{1, 1}).den>(
        "$adj * (T(#) / T(#)) * std::pow($0, T(#) / T(#))");
    static constexpr cpp_code cpp{.value = {cpp_value.first.chars, cpp_value.second},
                                  .backward = {std::string_view(cpp_backward.first.chars, cpp_backward.second)}};
    template <class T> static constexpr T value(T a) {
        if constexpr (R == ratio{1, 2}) return math::sqrt(a);
        else return math::pow(a, R.template as<T>());
    }
    template <class T> static constexpr T backward(T a, T, T adj) {
        return adj * R.template as<T>() * math::pow(a, (R - ratio{1, 1}).template as<T>());
    }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        return detail::make_mul(exact<R>{}, detail::make_rpow<R - ratio{1, 1}>(a));
    }
};

/// x^y for an expression y.
struct pow {
    static constexpr std::string_view id = "pow";
    static constexpr int rank = 3;
    static constexpr print_format text{"$0^$1", precedence::power, precedence::atom, precedence::atom};
    static constexpr print_format latex{"$0^{$1}", precedence::power, precedence::atom, 0};
    static constexpr cpp_code cpp{.value = "std::pow($0, $1)",
                                  .backward = {"$adj * $1 * std::pow($0, $1 - T(1))", "$adj * $out * std::log($0)"}};
    template <class T> static constexpr T value(T a, T b) { return math::pow(a, b); }
    template <std::size_t I, class T> static constexpr T backward(T a, T b, T out, T adj) {
        if constexpr (I == 0) return adj * b * math::pow(a, b - T(1));
        else return adj * out * math::log(a);
    }
    template <std::size_t I> static constexpr auto derivative(const auto& self, const auto& a, const auto& b) {
        if constexpr (I == 0) return detail::make_mul(b, detail::make_pow(a, detail::make_sub(b, constant<1>{})));
        else return detail::make_mul(self, detail::make_node<node<ops::log, std::remove_cvref_t<decltype(a)>>>(a));
    }
};
}  // namespace ops

namespace detail {
template <class E>
struct ipow_exponent : std::integral_constant<std::intmax_t, 0> {};  // K for node<ipow<K>, A>, else 0
template <std::intmax_t K, class A>
struct ipow_exponent<node<ops::ipow<K>, A>> : std::integral_constant<std::intmax_t, K> {};

template <std::intmax_t K, class A>
static constexpr auto make_ipow(const A& a) {
    if constexpr (K == 0) return constant<1>{};
    else if constexpr (K == 1) return a;
    else if constexpr (is_exact<A>) return exact<power(A::value, K)>{};
    else if constexpr (K % 2 == 0 && is_op<A, ops::neg>) return make_ipow<K>(a.template operand<0>());
    else if constexpr (ipow_exponent<A>::value != 0) return make_ipow<K * ipow_exponent<A>::value>(a.template operand<0>());
    else return detail::make_node<node<ops::ipow<K>, A>>(a);
}
template <ratio R, class A>
static constexpr auto make_rpow(const A& a) {
    if constexpr (R.is_integer()) return make_ipow<R.num>(a);
    else return detail::make_node<node<ops::rpow<R>, A>>(a);
}
template <class A, class B>
static constexpr auto make_pow(const A& a, const B& b) {
    if constexpr (is_exact<B>) {
        static_assert(B::value.valid(), "ctgrad::pow: the exact exponent has a zero denominator (0/0)");
        return make_rpow<B::value>(a);
    } else if constexpr (is_exact_value<A, 1>) return constant<1>{};
    else return detail::make_node<node<ops::pow, A, B>>(a, b);
}
}  // namespace detail

/// pow(e, 3_c), pow(e, constant<1, 2>) (exact exponents), or pow(e, g) for any expression g.
template <operand A, operand B>
    requires(expression<A> || expression<B>)
static constexpr auto pow(const A& base, const B& exponent) {
    constexpr shape sa = detail::shape_of<expression_of<A>>{}, sb = detail::shape_of<expression_of<B>>{};
    detail::check_broadcast<ops::pow, sa, sb>();
    if constexpr (detail::broadcast(sa, sb).rank <= 0) return detail::make_pow(as_expression(base), as_expression(exponent));
    else if constexpr (detail::repeats_an_operand<sa, sb>) {
        constexpr shape out = detail::broadcast(sa, sb);
        return detail::make_pow(detail::image_operand<out>(as_expression(base)), detail::image_operand<out>(as_expression(exponent)));
    } else return detail::keep_shape<detail::broadcast(sa, sb)>(detail::make_pow(as_expression(base), as_expression(exponent)));
}

/// e^2
template <expression A>
static constexpr auto square(const A& a) {
    return detail::make_ipow<2>(a);
}
}  // namespace ctgrad
