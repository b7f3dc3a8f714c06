// ctgrad/ops/log_sigmoid.hpp - log_sigmoid(x) = log(sigmoid(x)) = -softplus(-x), stable.
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/neg.hpp>
#include <ctgrad/ops/sigmoid.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
struct log_sigmoid : function_print<"log_sigmoid", "\\log\\sigma"> {
    static constexpr cpp_code cpp{
        .value = "($0 < T(0) ? $0 - std::log1p(std::exp($0)) : -std::log1p(std::exp(-$0)))",
        .backward = {"$adj * ctgrad_sigmoid(-$0)"},
        .helpers = {detail::sigmoid_cpp_helpers}};
    template <class T> static constexpr T value(T a) {
        return a < T(0) ? a - math::log1p(math::exp(a)) : -math::log1p(math::exp(-a));
    }
    template <class T> static constexpr T backward(T a, T, T adj) { return adj * detail::stable_sigmoid(-a); }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        auto minus_a = detail::make_neg(a);
        return detail::make_node<node<ops::sigmoid, decltype(minus_a)>>(minus_a);
    }
};
}  // namespace ops

/// log_sigmoid(a) = log(sigmoid(a))
template <expression A>
static constexpr auto log_sigmoid(const A& a) {
    return detail::make_node<node<ops::log_sigmoid, A>>(a);
}
}  // namespace ctgrad
