// ctgrad/ops/tanh.hpp - tanh(x), and its derivative 1 - tanh(x)^2 kept accurate where
// tanh(x) rounds to +-1 (|x| > 19 in double).
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/unary_function.hpp>
#include <ctgrad/ops/pow.hpp>
namespace ctgrad {
namespace detail {
/// 1 - t^2 for t = tanh(x): for |x| > 1/2 it is sech^2 x = 4 w / (1 + w)^2, w = exp(-2|x|),
/// which keeps full relative accuracy where 1 - t^2 would cancel to 0.
template <class T>
constexpr T tanh_complement_value(T t, T x) {
    T m = x < T(0) ? -x : x;
    if (!(m > T(0.5))) return T(1) - t * t;  // also NaN
    T w = math::exp(T(-2) * m);
    return T(4) * w / ((T(1) + w) * (T(1) + w));
}
/// to_cpp's copy of the function above.
inline constexpr std::string_view tanh_cpp_helpers = R"(#ifndef CTGRAD_CPP_TANH
#define CTGRAD_CPP_TANH
template <class T> inline T ctgrad_tanh_complement(T t, T x) {
    T m = x < T(0) ? -x : x;
    if (!(m > T(0.5))) return T(1) - t * t;
    T w = std::exp(T(-2) * m);
    return T(4) * w / ((T(1) + w) * (T(1) + w));
}
#endif
)";
}  // namespace detail

namespace ops {
/// 1 - t^2, where t = tanh(x): prints as 1 - tanh(x)^2. The x operand feeds accuracy
/// only: its derivative is 0.
struct tanh_complement {
    static constexpr std::string_view id = "tanh_complement";
    static constexpr int rank = 4;
    static constexpr print_format text{"1 - $0^2", precedence::sum, precedence::atom};
    static constexpr print_format latex{"1 - {$0}^{2}", precedence::sum, precedence::atom};
    static constexpr cpp_code cpp{.value = "ctgrad_tanh_complement($0, $1)", .backward = {"T(-2) * $0 * $adj", "T(0)"},
                                  .helpers = {detail::tanh_cpp_helpers}};
    template <class T> static constexpr T value(T t, T x) { return detail::tanh_complement_value(t, x); }
    template <std::size_t I, class T> static constexpr T backward(T t, T, T, T adj) { return I == 0 ? T(-2) * t * adj : T(0); }
    template <std::size_t I> static constexpr auto derivative(const auto&, const auto& t, const auto&) {
        if constexpr (I == 0) return detail::make_mul(constant<-2>{}, t);
        else return constant<0>{};
    }
};

struct tanh : function_print<"tanh", "\\tanh"> {
    static constexpr cpp_code cpp{.value = "std::tanh($0)", .backward = {"$adj * ctgrad_tanh_complement($out, $0)"},
                                  .helpers = {detail::tanh_cpp_helpers}};
    template <class T> static constexpr T value(T a) { return math::tanh(a); }
    template <class T> static constexpr T backward(T a, T out, T adj) { return adj * detail::tanh_complement_value(out, a); }
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto& a) {
        using S = std::remove_cvref_t<decltype(self)>;
        using A = std::remove_cvref_t<decltype(a)>;
        return detail::make_node<node<tanh_complement, S, A>>(self, a);
    }
};
}  // namespace ops

/// tanh(a)
template <expression A>
static constexpr auto tanh(const A& a) {
    if constexpr (detail::is_exact_value<A, 0>) return constant<0>{};
    else return detail::make_node<node<ops::tanh, A>>(a);
}
}  // namespace ctgrad
