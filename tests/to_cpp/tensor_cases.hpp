// tests/to_cpp/tensor_cases.hpp - tensor programs whose to_cpp code is emitted
// (tensor_emit.cpp), compiled and checked against a workspace (tensor_check.cpp): DESIGN.md's
// 784-128-10 network, reductions and broadcasting at rank 3, a small CNN, and every fifth generated tensor expression (tests/tensor_expressions.hpp,
// every operation at the root).
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <ctgrad/ctgrad.hpp>

#include "../design_network.hpp"
#include "../tensor_expressions.hpp"
#include "../tensor_support.hpp"

namespace to_cpp_tensor_cases {
inline constexpr std::size_t expression_stride = 5;
inline constexpr std::size_t expression_cases =
    (tensor_expressions::expression_count + expression_stride - 1) / expression_stride;
/// The cases written here, before the generated ones.
inline constexpr std::size_t written_cases = 3;

/// Values for every variable a case may read, by name.
using values = std::map<std::string, std::vector<double>>;

/// Calls visit(name, f, wrt, every variable (a wrt list), values) for each case, in order.
template <class Visit>
void for_each_case(Visit visit) {
    {
        using namespace design_network;
        values v{{"X", ctgrad_test::random_values(64 * 784, 0, 1, 201)},
                 {"Y", std::vector<double>(64 * 10, 0.0)},
                 {"W1", ctgrad_test::random_values(128 * 784, -0.05, 0.05, 202)},
                 {"b1", ctgrad_test::random_values(128, -0.1, 0.1, 203)},
                 {"W2", ctgrad_test::random_values(10 * 128, -0.2, 0.2, 204)},
                 {"b2", ctgrad_test::random_values(10, -0.1, 0.1, 205)}};
        for (std::size_t i = 0; i < 64; ++i) v["Y"][i * 10 + (i * 3) % 10] = 1.0;
        visit(std::string("design_network"), loss, ctgrad::wrt(W1, b1, W2, b2), ctgrad::wrt(X, Y, W1, b1, W2, b2), v);
    }
    {
        // rank 3: sums along an axis, and their VJP (a broadcast) inside a derivative;
        // operands of lower rank broadcast (broadcast_to, whose VJP sums them back)
        constexpr ctgrad::var<"A", 2, 3, 4> A;
        constexpr ctgrad::var<"G", 2, 3, 4> G;
        constexpr ctgrad::var<"R", 2, 4> R;
        constexpr ctgrad::var<"c", 3, 1> c;
        constexpr ctgrad::var<"u", 4> u;
        constexpr auto inner = ctgrad::sum(R * ctgrad::sum<1>(A) * ctgrad::sum<1>(A));
        constexpr auto f = ctgrad::sum(R * ctgrad::sum<1>(ctgrad::exp(A))) +
                           ctgrad::sum(ctgrad::mean<2, ctgrad::keepdims>(A * A)) + ctgrad::sum(G * ctgrad::diff(inner, A)) +
                           ctgrad::sum(ctgrad::tanh(A * u + c));
        values v{{"A", ctgrad_test::random_values(24, -1, 1, 206)},
                 {"G", ctgrad_test::random_values(24, -1, 1, 207)},
                 {"R", ctgrad_test::random_values(8, -1, 1, 208)},
                 {"c", ctgrad_test::random_values(3, -1, 1, 209)},
                 {"u", ctgrad_test::random_values(4, -1, 1, 210)}};
        visit(std::string("rank_3"), f, ctgrad::wrt(A, R, c, u), ctgrad::wrt(A, G, R, c, u), v);
    }
    {
        // images: convolution (bias, padding, stride 2), pooling, flatten, and inside
        // derivatives their VJP operations (transposed convolutions, max-pool scatter, spread)
        using namespace ctgrad;
        constexpr var<"X", 2, 1, 6, 6> X;
        constexpr var<"K", 3, 1, 3, 3> K;
        constexpr var<"k", 3> k;
        constexpr var<"W", 4, 12> W;
        constexpr var<"S", 2, 3, 1, 1> S;
        constexpr var<"U", 2, 1, 3, 3> U;
        constexpr var<"Q", 2, 1, 6, 6> Q;
        constexpr var<"P", 3, 1, 3, 3> P;
        constexpr auto h = nn::avg_pool2d<2, 1>(nn::max_pool2d<2>(relu(nn::conv2d<1, 1>(X, K, k))));
        constexpr auto inner = sum(S * nn::max_pool2d<2>(nn::conv2d<2, 1>(X, K)));
        constexpr auto spread = sum(U * nn::avg_pool2d<2>(X));
        constexpr auto f = sum(tanh(matmul(flatten(h), transpose(W)))) + sum(Q * diff(inner, X)) + sum(P * diff(inner, K)) +
                           sum(Q * diff(spread, X) * X);
        values v{{"X", ctgrad_test::random_values(72, -1, 1, 211)}, {"K", ctgrad_test::random_values(27, -1, 1, 212)},
                 {"k", ctgrad_test::random_values(3, -1, 1, 213)},  {"W", ctgrad_test::random_values(48, -1, 1, 214)},
                 {"S", ctgrad_test::random_values(6, -1, 1, 215)},  {"U", ctgrad_test::random_values(18, -1, 1, 216)},
                 {"Q", ctgrad_test::random_values(72, -1, 1, 217)}, {"P", ctgrad_test::random_values(27, -1, 1, 218)}};
        visit(std::string("images"), f, wrt(X, K, k, W), wrt(X, K, k, W, S, U, Q, P), v);
    }
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        (
            [&] {
                constexpr std::size_t I = K * expression_stride;
                using E = tensor_expressions::expression_number<I>;
                using V = typename E::vars;
                using tensor_expressions::elements;
                values v{{"M", ctgrad_test::random_values(elements(V::matrix), -1, 1, 3 * I + 1)},
                         {"P", ctgrad_test::random_values(elements(V::other), -1, 1, 3 * I + 2)},
                         {"v", ctgrad_test::random_values(elements(V::row), -1, 1, 3 * I + 3)},
                         {"c", ctgrad_test::random_values(elements(V::column), -1, 1, 3 * I + 4)},
                         {"s", ctgrad_test::random_values(1, -1, 1, 3 * I + 5)},
                         {"K", ctgrad_test::random_values(elements(V::inner), -1, 1, 3 * I + 6)},
                         {"R", ctgrad_test::random_values(elements(V::weights), 0, 1, 3 * I + 7)},
                         {"u", ctgrad_test::random_values(elements(V::across), -1, 1, 3 * I + 8)},
                         {"w", ctgrad_test::random_values(elements(V::down), -1, 1, 3 * I + 9)},
                         {"d", ctgrad_test::random_values(elements(V::tall), -1, 1, 3 * I + 10)}};
                constexpr auto all = ctgrad::wrt(V::matrix, V::other, V::row, V::column, V::scalar, V::inner,
                                                 V::weights, V::across, V::down, V::tall);
                visit("expression_" + std::to_string(I), E::f, all, all, v);
            }(),
            ...);
    }(std::make_index_sequence<expression_cases>{});
}
}  // namespace to_cpp_tensor_cases
