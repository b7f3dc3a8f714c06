// ctgrad/ops/softplus.hpp - softplus(x) = log(1 + exp(x)), in the stable form.
#pragma once
#include <ctgrad/math.hpp>
#include <ctgrad/ops/sigmoid.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
struct softplus : function_print<"softplus", "\\operatorname{softplus}"> {
    static constexpr cpp_code cpp{
        .value = "($0 > T(0) ? $0 + std::log1p(std::exp(-$0)) : std::log1p(std::exp($0)))",
        .backward = {"$adj * ctgrad_sigmoid($0)"},
        .helpers = {detail::sigmoid_cpp_helpers}};
    template <class T> static constexpr T value(T a) {
        return a > T(0) ? a + math::log1p(math::exp(-a)) : math::log1p(math::exp(a));
    }
    template <class T> static constexpr T backward(T a, T, T adj) { return adj * detail::stable_sigmoid(a); }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        return detail::make_node<node<ops::sigmoid, std::remove_cvref_t<decltype(a)>>>(a);
    }
};
}  // namespace ops

/// softplus(a) = log(1 + exp(a))
template <expression A>
static constexpr auto softplus(const A& a) {
    return detail::make_node<node<ops::softplus, A>>(a);
}
}  // namespace ctgrad
