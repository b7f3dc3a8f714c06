// ctgrad/reverse.hpp - value_and_grad: one forward sweep and one reverse sweep over
// the distinct subexpressions, with no tape and no allocation. The plan is
// detail/reverse_schedule.hpp, the code detail/reverse_sweep.hpp.
#pragma once
#include <cstddef>
#include <utility>

#include <ctgrad/detail/pack.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/gradient.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/reverse_schedule.hpp>
#include <ctgrad/detail/reverse_sweep.hpp>
#include <ctgrad/detail/sweep.hpp>
#include <ctgrad/eval.hpp>

namespace ctgrad {
namespace detail {
/// Every variable of the wrt list is a scalar (else the tensor sweep fills a tensor_gradient).
template <class W>
inline constexpr bool wrt_all_scalar = false;
template <class... Vars>
inline constexpr bool wrt_all_scalar<wrt_list<Vars...>> = all_of_v<(Vars::shape.rank == 0)...>;

/// out[i] = the adjoint of wrt variable i (0 where f does not depend on it), each read from its
/// slot. A function forced inline, not a lambda: clang++ left the lambda out of line, and the
/// gradient then went through a zeroed temporary and a copy (3 KB at N = 128).
/// Templated on the sources' values, not on the schedule: a function whose name spells the
/// schedule's type is named when it is called (docs/architecture.md).
template <auto Source, class T, std::size_t... I>
CTGRAD_INLINE constexpr void copy_gradient(T* out, const T* g, std::index_sequence<I...>) {
    constexpr auto& source = Source;
    // an array initializer, not a fold: clang++ nests a fold's operators (limit 256 levels)
    [[maybe_unused]] const int order[] = {
        0, (out[I] = source[I] >= 0 ? g[static_cast<std::size_t>(source[I] < 0 ? 0 : source[I])] : T(0), 0)...};
}

/// Programs up to this many slots run forward then reverse; longer ones interleave the reverse
/// steps with the forward sweep (detail/reverse_schedule.hpp).
inline constexpr std::size_t small_program = 32;

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
    using schedule = detail::reverse_schedule<prog_t, W, T>;
    using map = detail::point_map<prog_t, P>;
    using result = typename detail::wrt_vars<W>::template result<T>;
    constexpr auto root = static_cast<std::size_t>(prog_t::value.roots[0]);
    if constexpr (!map::complete) {
        detail::forward_values<T>(p, f);  // reports the unbound variable
        return result{};
    } else if constexpr (prog_t::value.tensor || !detail::wrt_all_scalar<W>) {
        static_assert(prog_t::value.shapes[root].rank == 0,
                      "ctgrad::value_and_grad: f is a tensor; reduce it to a scalar first (sum, mean)");
        return detail::tensor_value_and_grad<T, prog_t, schedule, map, result>(p, f);
    } else {
    auto c = detail::value_constants_of<T, prog_t>(f);
    detail::slots<T, prog_t::value.code.size()> v;
    detail::slots<T, prog_t::value.code.size()> g;
    result r{};
    if constexpr (prog_t::value.code.size() <= detail::small_program) {
        // all forward, then all reverse: in a program this small every value fits in registers,
        // and reverse steps run between its calls (exp) would keep more values across them
        // (seed Q1(b): 10.7 -> 9.9 ns, hand-written 9.8)
        using sequential = detail::reverse_schedule<prog_t, W, T, false>;
        g[static_cast<std::size_t>(sequential::value.storage[root])] = T(1);
        using forward = detail::forward_items<prog_t, map, T>;
        detail::forward_chunks<forward>(v.data(), p.values.data(), c.data(),
                                        std::make_index_sequence<detail::chunk_count(forward::length)>{});
        using reverse = detail::reverse_items<sequential, T>;
        detail::sweep_chunks<reverse>(v.data(), static_cast<const T*>(nullptr), static_cast<const T*>(nullptr), g.data(),
                                      std::make_index_sequence<detail::chunk_count(reverse::length)>{});
        detail::copy_gradient<sequential::gradient_source>(r.grad.values.data(), g.data(), std::make_index_sequence<W::size>{});
    } else {
        g[static_cast<std::size_t>(schedule::value.storage[root])] = T(1);
        using items = detail::interleaved_items<schedule, map, T>;  // the sweep, in chunks
        detail::sweep_chunks<items>(v.data(), p.values.data(), c.data(), g.data(),
                                    std::make_index_sequence<detail::chunk_count(items::length)>{});
        detail::copy_gradient<schedule::gradient_source>(r.grad.values.data(), g.data(), std::make_index_sequence<W::size>{});
    }
    r.value = v[root];
    return r;
    }
}
}  // namespace ctgrad
