// ctgrad/reverse.hpp - value_and_grad: one forward sweep and one reverse sweep over
// the distinct subexpressions, with no tape and no allocation. The plan is
// detail/reverse_schedule.hpp, the code detail/executor.hpp.
#pragma once
#include <cstddef>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/gradient.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/detail/executor.hpp>
#include <ctgrad/detail/program.hpp>

namespace ctgrad {
namespace detail {
template <class W>
struct wrt_vars;
template <class... Vars>
struct wrt_vars<wrt_list<Vars...>> {
    template <class T>
    using result = value_and_gradient<T, Vars...>;
};
}  // namespace detail

/// value_and_grad(f, wrt(a, b), p): f(p) and df/da, df/db at p, from one forward and
/// one reverse sweep. Variables in wrt that f does not use get 0.
template <expression E, wrt_like W, point_like P>
constexpr auto value_and_grad(const E& f, W, const P& p) {
    using T = typename P::value_type;
    using prog_t = detail::program_of<T, E>;
    using map = detail::point_map<prog_t, P>;
    using result = typename detail::wrt_vars<W>::template result<T>;
    static_assert(prog_t::value.shapes[static_cast<std::size_t>(prog_t::value.roots[0])].rank == 0,
                  "ctgrad::value_and_grad: f is a tensor; reduce it to a scalar first (sum, mean)");
    if constexpr (!map::complete) {
        detail::forward_values<T>(p, f);  // reports the unbound variable
        return result{};
    } else {
        return detail::run_value_and_grad<T, prog_t, W, map, result>(p, f);
    }
}
}  // namespace ctgrad
