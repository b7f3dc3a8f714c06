// ctgrad/eval.hpp - eval(f, p): the value of an expression at a point, in constant
// evaluation and at run time; each distinct subexpression is computed once.
#pragma once
#include <array>
#include <tuple>

#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/detail/executor.hpp>
#include <ctgrad/detail/program.hpp>

namespace ctgrad {

/// The value of f at p, in p's value type: a scalar, or a tensor<T, shape> indexed t(i, j) (a
/// batch_tensor<T> of the bound rows where f's shape has the run-time batch).
template <expression E, point_like P>
constexpr auto eval(const E& f, const P& p) {
    using T = typename P::value_type;
    using prog_t = detail::program_of<T, E>;
    using map = detail::point_map<prog_t, P>;
    auto v = detail::forward_values<T>(p, f);  // reports a variable p has no value for
    if constexpr (!map::complete) return T{};
    else return detail::result_value<detail::sweep_context<prog_t, map>, prog_t::value.roots[0]>(v.data(), p.bound(), p.batch());
}

/// eval(std::tuple{f, g, ...}, p): all values in one forward sweep, each shared
/// subexpression computed once (a function and its derivatives share most of theirs).
template <class... Es, point_like P>
    requires(sizeof...(Es) > 0 && (expression<Es> && ...))
constexpr auto eval(const std::tuple<Es...>& fs, const P& p) {
    using T = typename P::value_type;
    using prog_t = detail::program_of<T, Es...>;
    auto v = std::apply([&](const Es&... f) { return detail::forward_values<T>(p, f...); }, fs);
    std::array<T, sizeof...(Es)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = v[detail::value_layout<prog_t>::value.offset_at(static_cast<std::size_t>(prog_t::value.roots[i]), p.batch())];
    return out;
}
}  // namespace ctgrad
