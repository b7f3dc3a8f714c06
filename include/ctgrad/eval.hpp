// ctgrad/eval.hpp - eval(f, p): the value of an expression at a point, in constant
// evaluation and at run time; each distinct subexpression is computed once.
#pragma once
#include <array>
#include <tuple>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/detail/program.hpp>
#include <ctgrad/detail/sweep.hpp>
#include <ctgrad/detail/tensor_run.hpp>

namespace ctgrad {
namespace detail {
/// One forward sweep over the program of Roots...; returns all slot values. Forced inline, as
/// the sweep is: out of line (clang++), every slot's value was copied out to be returned.
template <class T, class P, class... Roots>
    requires std::is_same_v<T, typename P::value_type>
CTGRAD_INLINE constexpr auto forward_values(const P& p, const Roots&... roots) {
    using prog_t = program_of<T, Roots...>;
    using map = point_map<prog_t, P>;
    if constexpr (!map::complete) {
        CTGRAD_REPORT_VARIABLE(point_binds_every_variable_of_the_expression, eval_finds_no_value_for_variable,
                               "ctgrad::eval: a variable of the expression has no value in this point",
                               map::unbound_name);
        return slots<T, 1>{};
    } else {
        // the sweep's chunks run here, not through a function named by the program's type
        auto c = value_constants_of<T, prog_t>(roots...);
        slots<T, prog_t::value.code.size()> v;
        using items = forward_items<prog_t, map, T>;
        forward_chunks<items>(v.data(), p.values.data(), c.data(), std::make_index_sequence<chunk_count(items::length)>{});
        return v;
    }
}
}  // namespace detail

/// The value of f at p, in p's value type: a scalar, or a tensor<T, shape> indexed t(i, j).
template <expression E, point_like P>
constexpr auto eval(const E& f, const P& p) {
    using T = typename P::value_type;
    using prog_t = detail::program_of<T, E>;
    if constexpr (prog_t::value.tensor) {  // a tensor, or a scalar of tensors
        using map = detail::point_map<prog_t, P>;
        if constexpr (!map::complete) {
            detail::forward_values<T>(p, f);  // reports the unbound variable
            return T{};
        } else {
            return detail::tensor_eval<T, prog_t, map>(p, f);
        }
    } else {
        auto v = detail::forward_values<T>(p, f);
        return v[static_cast<std::size_t>(prog_t::value.roots[0])];
    }
}

/// eval(std::tuple{f, g, ...}, p): all values in one forward sweep, each shared
/// subexpression computed once (a function and its derivatives share most of theirs).
template <class... Es, point_like P>
    requires(sizeof...(Es) > 0 && (expression<Es> && ...))
constexpr auto eval(const std::tuple<Es...>& fs, const P& p) {
    using T = typename P::value_type;
    auto v = std::apply([&](const Es&... f) { return detail::forward_values<T>(p, f...); }, fs);
    constexpr auto& roots = detail::program_of<T, Es...>::value.roots;
    std::array<T, sizeof...(Es)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = v[static_cast<std::size_t>(roots[i])];
    return out;
}
}  // namespace ctgrad
