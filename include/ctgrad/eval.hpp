// ctgrad/eval.hpp - eval(f, p): the value of an expression at a point, in constant
// evaluation and at run time; each distinct subexpression is computed once.
#pragma once
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/sweep.hpp>

namespace ctgrad {
namespace detail {
/// One forward sweep over the program of Roots...; returns all slot values.
template <class T, class P, class... Roots>
    requires std::is_same_v<T, typename P::value_type>
constexpr auto forward_values(const P& p, const Roots&... roots) {
    using prog_t = program_of<T, Roots...>;
    using map = point_map<prog_t, P>;
    static_assert(map::complete);  // an unbound variable was reported by name above
    slots<T, prog_t::value.value_constants> c;
    std::size_t k = 0;
    (gather_value_constants<T>(roots, c.data(), k), ...);
    slots<T, prog_t::value.code.size()> v;
    forward_sweep<prog_t, map>(v.data(), p.values.data(), c.data());
    return v;
}
}  // namespace detail

/// The value of f at p, in p's value type.
template <expression E, point_like P>
constexpr auto eval(const E& f, const P& p) {
    using T = typename P::value_type;
    auto v = detail::forward_values<T>(p, f);
    constexpr auto root = static_cast<std::size_t>(detail::program_of<T, E>::value.roots[0]);
    return v[root];
}
}  // namespace ctgrad
