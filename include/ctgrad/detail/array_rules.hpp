// ctgrad/detail/array_rules.hpp - an elementwise operation's optional vectorized rules at run
// time: Eigen array expressions over a whole tensor (Eigen's packet exp, log, ... instead of one
// <cmath> call per element). An operation opts in with
//   template <class A> static auto array_value(const A& a);                        // the value
//   template <class A, class O, class G> static auto array_backward(const A& a, const O& out, const G& adj);
// equal to value and backward up to rounding; under constant evaluation the scalar rules run.
// It may add a cheaper backward that holds only for some inputs, used when a pass over the
// operand finds that it holds for all of them:
//   template <class A> static bool array_cheap_backward_holds(const A& a);
//   template <class O, class G> static auto array_cheap_backward(const O& out, const G& adj);
#pragma once
#include <cstddef>

#include <Eigen/Core>

namespace ctgrad::detail {

template <class Op>
concept has_array_rules = requires { &Op::template array_value<Eigen::ArrayXd>; };

template <class Op>
concept has_cheap_array_backward = requires { &Op::template array_cheap_backward_holds<Eigen::ArrayXd>; };

template <class T>
using array_map = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using const_array_map = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

template <class Op, class T>
void array_forward(T* out, const T* a, std::size_t n) {
    array_map<T>(out, Eigen::Index(n)) = Op::array_value(const_array_map<T>(a, Eigen::Index(n)));
}

/// dst (= or +=) adj * d out / d a, elementwise; a value the rule does not read may be null.
template <class Op, class T>
void array_backward(T* dst, bool accumulate, const T* a, const T* out, const T* adj, std::size_t n) {
    const auto size = Eigen::Index(n);
    auto store = [&](const auto& share) {
        if (accumulate) array_map<T>(dst, size) += share;
        else array_map<T>(dst, size) = share;
    };
    if constexpr (has_cheap_array_backward<Op>) {
        if (Op::array_cheap_backward_holds(const_array_map<T>(a, size))) {
            store(Op::array_cheap_backward(const_array_map<T>(out, size), const_array_map<T>(adj, size)));
            return;
        }
    }
    // a missing operand is never read by the rule: map the adjoint in its place
    store(Op::array_backward(const_array_map<T>(a != nullptr ? a : adj, size),
                             const_array_map<T>(out != nullptr ? out : adj, size), const_array_map<T>(adj, size)));
}
}  // namespace ctgrad::detail
