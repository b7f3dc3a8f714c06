// ctgrad/ops/irrational.hpp - constants known only as a formula (2/sqrt(pi), 1/sqrt(2)):
// nullary operations. An exact rational lives in the type (constant<1, 2>); an irrational
// one cannot, so it is a node with no operands whose value<T>() rounds a long double
// literal to T once. It is stateless (merged by type like any node), prints as its
// formula and has derivative 0. The op that needs one defines it next to itself:
//
//   struct two_over_sqrt_pi : irrational<"2/sqrt(pi)", "\\frac{2}{\\sqrt{\\pi}}", precedence::product> {
//       template <class T> static constexpr T value() { return T(1.1283791670955125738961589031215452L); }
//   };
//   ... detail::make_mul(node<two_over_sqrt_pi>{}, e) ...
#pragma once
#include <string_view>

#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad::ops {
/// Identity and printing of an irrational constant; Precedence is that of its printed form
/// (2/sqrt(pi) binds as a product, pi as an atom). Rank 1: it sorts with the value
/// constants, before variables, so products read 2/sqrt(pi) * exp(-x^2).
template <fixed_string Text, fixed_string Latex, int Precedence = precedence::atom>
struct irrational {
    static constexpr std::string_view id = Text.view();
    static constexpr int rank = 1;
    static constexpr print_format text{Text.view(), Precedence};
    static constexpr print_format latex{Latex.view(), Precedence};
};
}  // namespace ctgrad::ops
