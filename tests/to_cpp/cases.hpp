// tests/to_cpp/cases.hpp - the expressions whose to_cpp code is emitted (emit.cpp), compiled
// and checked against value_and_grad (check.cpp): the seed networks, a scalar MLP, 100
// generated expressions (every 11th of tests/random_expressions.hpp, all generations), and
// the derivatives of 12 of them.
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <string>
#include <utility>

#include <ctgrad/ctgrad.hpp>

#include "../random_expressions.hpp"
#include "../seed_networks.hpp"

namespace to_cpp_cases {
/// A 3-4-2 sigmoid MLP with mse loss, one variable per weight (nn::dense).
namespace mlp {
inline constexpr auto hidden = ctgrad::nn::dense<"w1", "b1", 4>(ctgrad::nn::inputs<"x", 3>(), ctgrad::nn::act::sigmoid{});
inline constexpr auto output = ctgrad::nn::dense<"w2", "b2", 2>(hidden, ctgrad::nn::act::identity{});
inline constexpr auto loss = ctgrad::nn::mse(output, ctgrad::nn::inputs<"t", 2>());
inline constexpr auto parameters = ctgrad::nn::dense_parameters<"w1", "b1", 4, 3>() +
                                   ctgrad::nn::dense_parameters<"w2", "b2", 2, 4>();
}  // namespace mlp

inline constexpr std::size_t random_cases = 100;
/// Every 11th generated expression (0, 11, ..., 1089: each generation so far), a fixed stride
/// rather than a spread over the count, so that a new generation never changes which are checked.
inline constexpr std::size_t random_stride = 11;
static_assert((random_cases - 1) * random_stride < random_expressions::expression_count);
/// Generated expressions whose derivative d/dx is emitted too: their roots are tanh,
/// sigmoid, relu + softplus, max * |a|, min, erf and gelu, so the derivative code holds the
/// operations only derivatives build (step, sign, heaviside, 1 - tanh^2, 1 - s, 2/sqrt(pi)).
inline constexpr std::size_t derivative_sources[] = {14, 15, 16, 17, 18, 35, 36, 37, 38, 1050, 1051, 1052};
inline constexpr std::size_t derivative_cases = std::size(derivative_sources);
/// Generated expression number k of the 100.
constexpr std::size_t random_index(std::size_t k) { return k * random_stride; }

/// The MLP's variables in one list, for points.
inline constexpr auto mlp_variables =
    mlp::parameters + ctgrad::wrt(ctgrad::indexed_var<"x", 0>{}, ctgrad::indexed_var<"x", 1>{}, ctgrad::indexed_var<"x", 2>{},
                                  ctgrad::indexed_var<"t", 0>{}, ctgrad::indexed_var<"t", 1>{});

/// Calls visit(name, f, wrt, points) for every case, in one fixed order; points is an array
/// of the points the emitted code is checked at (emit.cpp ignores them).
template <class Visit>
void for_each_case(Visit&& visit) {
    using namespace ctgrad;
    {
        using namespace seed_q1b;
        visit(std::string("seed_q1b"), y, wrt(a, b, c, d, e, f),
              std::array{p, at(x1 = 0.3, x2 = 0.8, a = -1.5, b = 2.0, c = 0.7, d = -0.4, e = 1.1, f = 0.9)});
    }
    {
        using namespace seed_q2;
        visit(std::string("seed_q2"), loss, wrt(w1, w2),
              std::array{at(x = 1.0, y = 1.0, w1 = 0.5, w2 = -0.25), at(x = -2.0, y = 0.0, w1 = 1.5, w2 = 0.75)});
    }
    {
        std::array<decltype(at(mlp_variables, std::array<double, 31>{})), 3> points{};
        for (std::size_t s = 0; s < points.size(); ++s) {
            std::array<double, 31> values{};
            for (std::size_t i = 0; i < values.size(); ++i) values[i] = 1.3 * std::sin(1.7 * double(i) + double(s));
            points[s] = at(mlp_variables, values);
        }
        visit(std::string("mlp_3_4_2"), mlp::loss, mlp::parameters, points);
    }
    {
        using namespace random_expressions;
        const std::array points{at(x = 0.31, y = -0.73, z = 1.27), at(x = -1.13, y = 0.41, z = -0.57),
                                at(x = 0.87, y = 1.19, z = 0.23)};
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (visit("random_" + std::to_string(random_index(K)), expression_number<random_index(K)>(), wrt(x, y, z), points),
             ...);
        }(std::make_index_sequence<random_cases>{});
        [&]<std::size_t... K>(std::index_sequence<K...>) {
            (visit("d_random_" + std::to_string(derivative_sources[K]) + "_dx",
                   diff(expression_number<derivative_sources[K]>(), x), wrt(x, y, z), points),
             ...);
        }(std::make_index_sequence<derivative_cases>{});
    }
}
}  // namespace to_cpp_cases
