// ctgrad/ops/neg.hpp - -a
#pragma once
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace ops {
struct sub;
struct neg {
    static constexpr cpp_code cpp{.value = "-$0", .backward = {"-$adj"}};
    static constexpr std::string_view id = "neg";
    static constexpr std::string_view dot = "negate";
    static constexpr int rank = 3;
    static constexpr print_format text{"-$0", precedence::unary, precedence::unary};
    static constexpr print_format latex = text;
    template <class T> static constexpr T value(T a) { return -a; }
    static constexpr op_properties properties{.reverse_reads = {0}};  // no forward value
    template <class T> static constexpr T backward(T, T, T adj) { return -adj; }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto&) { return constant<-1>{}; }
};
}  // namespace ops

namespace detail {
template <class A>
static constexpr auto make_neg(const A& a) {
    if constexpr (is_exact<A>) return exact<-A::value>{};
    else if constexpr (is_op<A, ops::neg>) return a.template operand<0>();
    else if constexpr (!(coefficient<A>::value() == ratio{1, 1}))
        return make_mul(exact<-coefficient<A>::value()>{}, coefficient<A>::rest_of(a));
    else if constexpr (is_op<A, ops::sub>) return make_sub(a.template operand<1>(), a.template operand<0>());
    else return detail::make_node<node<ops::neg, A>>(a);
}
}  // namespace detail

/// -a
template <expression A>
static constexpr auto operator-(const A& a) {
    return detail::make_neg(a);
}
}  // namespace ctgrad
