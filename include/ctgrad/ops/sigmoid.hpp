// ctgrad/ops/sigmoid.hpp - sigmoid(x) = 1 / (1 + exp(-x)), in the stable form.
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace detail {
/// Never forms 1 + exp(large): finite for every finite z.
template <class T>
constexpr T stable_sigmoid(T z) {
    if (z >= T(0)) return T(1) / (T(1) + math::exp(-z));
    T e = math::exp(z);
    return e / (T(1) + e);
}
/// 1 - s for s = sigmoid(z): for z > 8 the subtraction would cancel, so use exp(-z) s.
template <class T>
constexpr T sigmoid_complement_value(T s, T z) {
    return z > T(8) ? math::exp(-z) * s : T(1) - s;
}
/// to_cpp's copies of the two functions above.
inline constexpr std::string_view sigmoid_cpp_helpers = R"(#ifndef CTGRAD_CPP_SIGMOID
#define CTGRAD_CPP_SIGMOID
template <class T> inline T ctgrad_sigmoid(T z) {
    if (z >= T(0)) return T(1) / (T(1) + std::exp(-z));
    T e = std::exp(z);
    return e / (T(1) + e);
}
template <class T> inline T ctgrad_sigmoid_complement(T s, T z) { return z > T(8) ? std::exp(-z) * s : T(1) - s; }
#endif
)";
}  // namespace detail

namespace ops {
/// 1 - s, where s = sigmoid(z): prints as 1 - s (the seed's a2 (1 - a2)) but stays
/// accurate where 1 - s cancels. The z operand feeds accuracy only: its derivative is 0.
struct sigmoid_complement {
    static constexpr std::string_view id = "sigmoid_complement";
    static constexpr std::string_view dot = "1 - s";
    static constexpr int rank = 4;
    static constexpr print_format text{"1 - $0", precedence::sum, precedence::product};
    static constexpr print_format latex = text;
    static constexpr cpp_code cpp{.value = "ctgrad_sigmoid_complement($0, $1)", .backward = {"-$adj", "T(0)"},
                                  .helpers = {detail::sigmoid_cpp_helpers}};
    template <class T> static constexpr T value(T s, T z) { return detail::sigmoid_complement_value(s, z); }
    template <std::size_t I, class T> static constexpr T backward(T, T, T, T adj) { return I == 0 ? -adj : T(0); }
    template <std::size_t I> static constexpr auto derivative(const auto&, const auto&, const auto&) {
        if constexpr (I == 0) return constant<-1>{};
        else return constant<0>{};
    }
};

struct sigmoid : function_print<"sigmoid", "\\sigma"> {
    static constexpr cpp_code cpp{.value = "ctgrad_sigmoid($0)",
                                  .backward = {"$adj * $out * ctgrad_sigmoid_complement($out, $0)"},
                                  .helpers = {detail::sigmoid_cpp_helpers}};
    template <class T> static constexpr T value(T a) { return detail::stable_sigmoid(a); }
    /// Vectorized (detail/array_rules.hpp): 1 / (1 + exp(-a)), and 1 - s as 1 / (1 + exp(a)),
    /// which does not cancel; exp overflowing to inf gives 0, never NaN.
    template <class A> static auto array_value(const A& a) { return (1 + (-a).exp()).inverse(); }
    template <class A, class O, class G> static auto array_backward(const A& a, const O& out, const G& adj) {
        return adj * out * (1 + a.exp()).inverse();
    }
    /// Where no input exceeds 8, the scalar rule's own complement 1 - s (sigmoid_complement_value)
    /// holds for every element: the backward then needs no exp.
    template <class A> static bool array_cheap_backward_holds(const A& a) {
        return a.size() == 0 || a.maxCoeff() <= typename A::Scalar(8);
    }
    template <class O, class G> static auto array_cheap_backward(const O& out, const G& adj) { return adj * out * (1 - out); }
    template <class T> static constexpr T backward(T a, T out, T adj) {
        return adj * out * detail::sigmoid_complement_value(out, a);
    }
    /// sigmoid' = s (1 - s), written in the node itself (a named node prints by name).
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) {
        using S = std::remove_cvref_t<decltype(self)>;
        using A = std::remove_cvref_t<decltype(a)>;
        return detail::make_mul(self, detail::make_node<node<sigmoid_complement, S, A>>(self, a));
    }
};
}  // namespace ops

/// sigmoid(a) = 1 / (1 + exp(-a))
template <expression A>
static constexpr auto sigmoid(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<1, 2>{};
    else return detail::make_node<node<ops::sigmoid, A>>(a);
}
}  // namespace ctgrad
