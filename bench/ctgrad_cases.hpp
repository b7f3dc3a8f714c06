// bench/ctgrad_cases.hpp - the cases of bench/cases.hpp as ctgrad expressions:
// model<Case>::loss, model<Case>::parameters (the wrt list of the gradient) and
// model<Case>::inputs (every input, in the order of Case::inputs()).
#pragma once
#include <cstddef>
#include <utility>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

#include "cases.hpp"
#include "../tests/seed_networks.hpp"

namespace bench {
using namespace ctgrad::literals;

template <class Case>
struct model;

template <>
struct model<seed_q1b> {
    static constexpr auto loss = ::seed_q1b::y;
    static constexpr auto parameters = ctgrad::wrt(::seed_q1b::a, ::seed_q1b::b, ::seed_q1b::c, ::seed_q1b::d,
                                                   ::seed_q1b::e, ::seed_q1b::f);
    static constexpr auto inputs = parameters + ctgrad::wrt(::seed_q1b::x1, ::seed_q1b::x2);
};

template <>
struct model<seed_q2> {
    static constexpr auto loss = ::seed_q2::loss;
    static constexpr auto parameters = ctgrad::wrt(::seed_q2::w1, ::seed_q2::w2);
    static constexpr auto inputs = parameters + ctgrad::wrt(::seed_q2::x, ::seed_q2::y);
};

template <std::size_t In, std::size_t Hidden, std::size_t Out>
struct model<mlp<In, Hidden, Out>> {
    static constexpr auto hidden = ctgrad::nn::dense<"w1", "b1", Hidden>(ctgrad::nn::inputs<"x", In>(),
                                                                         ctgrad::nn::act::sigmoid{});
    static constexpr auto output = ctgrad::nn::dense<"w2", "b2", Out>(hidden, ctgrad::nn::act::identity{});
    static constexpr auto loss = ctgrad::nn::mse(output, ctgrad::nn::inputs<"t", Out>());
    static constexpr auto parameters = ctgrad::nn::dense_parameters<"w1", "b1", Hidden, In>() +
                                       ctgrad::nn::dense_parameters<"w2", "b2", Out, Hidden>();
    static constexpr auto inputs = parameters + []<std::size_t... I, std::size_t... K>(std::index_sequence<I...>,
                                                                                       std::index_sequence<K...>) {
        return ctgrad::wrt(ctgrad::indexed_var<"x", I>{}..., ctgrad::indexed_var<"t", K>{}...);
    }(std::make_index_sequence<In>{}, std::make_index_sequence<Out>{});
};

namespace detail {
template <ctgrad::fixed_string Name, std::size_t N>
constexpr auto variables() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return ctgrad::wrt(ctgrad::indexed_var<Name, I>{}...);
    }(std::make_index_sequence<N>{});
}
template <ctgrad::fixed_string Name, std::size_t I>
inline constexpr ctgrad::indexed_var<Name, I> v{};
}  // namespace detail

template <std::size_t N>
struct model<sum<N>> {
    static constexpr auto loss = []<std::size_t... I>(std::index_sequence<I...>) {
        return (detail::v<"x", I> + ...);
    }(std::make_index_sequence<N>{});
    static constexpr auto parameters = detail::variables<"x", N>();
    static constexpr auto inputs = parameters;
};

template <std::size_t N>
struct model<product<N>> {
    static constexpr auto loss = []<std::size_t... I>(std::index_sequence<I...>) {
        return (detail::v<"x", I> * ...);
    }(std::make_index_sequence<N>{});
    static constexpr auto parameters = detail::variables<"x", N>();
    static constexpr auto inputs = parameters;
};

template <std::size_t N>
struct model<log_sum_exp<N>> {
    static constexpr auto loss = []<std::size_t... I>(std::index_sequence<I...>) {
        return log((exp(detail::v<"x", I>) + ...));
    }(std::make_index_sequence<N>{});
    static constexpr auto parameters = detail::variables<"x", N>();
    static constexpr auto inputs = parameters;
};

template <std::size_t N>
struct model<normal_log_density<N>> {
    static constexpr ctgrad::var<"mu"> mu{};
    static constexpr ctgrad::var<"sigma"> sigma{};
    static constexpr auto loss = []<std::size_t... I>(std::index_sequence<I...>) {
        return -ctgrad::constant<1, 2>{} * (square((detail::v<"x", I> - mu) / sigma) + ...) -
               ctgrad::constant<static_cast<std::intmax_t>(N)>{} * log(sigma) -
               double(N) * normal_log_density<N>::half_log_two_pi;
    }(std::make_index_sequence<N>{});
    static constexpr auto parameters = detail::variables<"x", N>() + ctgrad::wrt(mu, sigma);
    static constexpr auto inputs = parameters;
};

template <std::size_t N>
struct model<linear_regression<N>> {
    static constexpr ctgrad::var<"w"> w{};
    static constexpr ctgrad::var<"b"> b{};
    static constexpr auto loss = []<std::size_t... I>(std::index_sequence<I...>) {
        return (square(detail::v<"y", I> - (w * detail::v<"x", I> + b)) + ...);
    }(std::make_index_sequence<N>{});
    static constexpr auto parameters = ctgrad::wrt(w, b);
    static constexpr auto inputs = parameters + detail::variables<"x", N>() + detail::variables<"y", N>();
};

}  // namespace bench
