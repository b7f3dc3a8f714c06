// ctgrad/ops/relu.hpp - relu(x) = max(x, 0)
#pragma once
#include <ctgrad/ops/step.hpp>
#include <ctgrad/ops/unary_function.hpp>

namespace ctgrad {
namespace ops {
struct relu : function_print<"relu", "\\operatorname{relu}"> {
    // one comparison, branch-free (cmple + andn): false for NaN, which passes through
    static constexpr cpp_code cpp{.value = "($0 <= T(0) ? T(0) : $0)",
                                  .backward = {"($0 > T(0) ? $adj : ($0 <= T(0) ? T(0) : $0))"}};
    template <class T> static constexpr T value(T a) { return a <= T(0) ? T(0) : a; }
    /// relu'(0) = 0; a NaN input gives a NaN adjoint.
    template <class T> static constexpr T backward(T a, T, T adj) { return a > T(0) ? adj : (a <= T(0) ? T(0) : a); }
    /// relu'(z) = step(z) = step(relu(z)): written in the forward value, so a named
    /// relu r1 gives step(r1).
    template <std::size_t> static constexpr auto derivative(const auto& self, const auto&) {
        return detail::make_step(self);
    }
};
}  // namespace ops

/// relu(a) = max(a, 0)
template <expression A>
static constexpr auto relu(const A& a) {
    if constexpr (detail::is_exact<A>) {
        if constexpr (A::value.num > 0) return a;
        else return constant<0>{};
    } else return detail::make_node<node<ops::relu, A>>(a);
}
}  // namespace ctgrad
