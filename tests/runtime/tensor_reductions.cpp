// Reductions along an axis that keep it (sum<Axis, keepdims>, mean<Axis, keepdims>) and
// per-axis means: shapes at compile time, values against plain loops, gradients against
// finite differences; layer normalization written as a PyTorch user writes it.
#include <cmath>

#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
constexpr var<"X", 5, 8> X;
template <class E>
constexpr shape shape_of_v = detail::shape_of<E>{};

// sum<1, keepdims> of a (5 x 8) matrix is a (5 x 1) column, sum<0, keepdims> a (1 x 8) row;
// without keepdims both are vectors, and a vector's axis 0 gives a scalar either way.
static_assert(shape_of_v<decltype(sum<1, keepdims>(X))> == shape{2, 5, 1});
static_assert(shape_of_v<decltype(sum<0, keepdims>(X))> == shape{2, 1, 8});
static_assert(shape_of_v<decltype(mean<1, keepdims>(X))> == shape{2, 5, 1});
static_assert(shape_of_v<decltype(mean<1>(X))> == shape{1, 1, 5});
static_assert(shape_of_v<decltype(mean<0>(X))> == shape{1, 1, 8});
static_assert(shape_of_v<decltype(mean<0>(var<"v", 8>{}))> == shape{});
// the issue's example: each row minus its mean, a (5 x 8) matrix
static_assert(shape_of_v<decltype(X - sum<1, keepdims>(X) / 8)> == shape{2, 5, 8});
static_assert(shape_of_v<decltype(X - mean<0, keepdims>(X))> == shape{2, 5, 8});
}  // namespace

TEST_CASE("sum and mean along an axis, keeping it or not: values", "[tensor]") {
    auto x = random_values(40, -2, 2, 51);
    const auto p = at(X = x);
    const auto row_sums = eval(sum<1, keepdims>(X), p);
    const auto row_means = eval(mean<1>(X), p);
    const auto column_means = eval(mean<0, keepdims>(X), p);
    const auto centred = eval(X - mean<1, keepdims>(X), p);
    for (std::size_t i = 0; i < 5; ++i) {
        double s = 0;
        for (std::size_t j = 0; j < 8; ++j) s += x[i * 8 + j];
        CHECK(close(row_sums(i, 0), s, 1e-15, 1e-15));
        CHECK(close(row_means(i), s / 8, 1e-15, 1e-15));
        for (std::size_t j = 0; j < 8; ++j) CHECK(close(centred(i, j), x[i * 8 + j] - s / 8, 1e-14, 1e-15));
    }
    for (std::size_t j = 0; j < 8; ++j) {
        double s = 0;
        for (std::size_t i = 0; i < 5; ++i) s += x[i * 8 + j];
        CHECK(close(column_means(0, j), s / 5, 1e-15, 1e-15));
    }
    CHECK(to_string(sum<1, keepdims>(X)) == "sum<1, keepdims>(X)");
}

TEST_CASE("sum and mean along an axis, keeping it or not: gradients", "[tensor]") {
    unary_case<shape{2, 3, 4}>([](auto a) { return sum<0, keepdims>(a); }, "sum<0, keepdims>");
    unary_case<shape{2, 3, 4}>([](auto a) { return sum<1, keepdims>(a); }, "sum<1, keepdims>");
    unary_case<shape{2, 3, 4}>([](auto a) { return mean<0>(a); }, "mean<0>");
    unary_case<shape{2, 3, 4}>([](auto a) { return mean<1>(a); }, "mean<1>");
    unary_case<shape{2, 1, 5}>([](auto a) { return mean<1, keepdims>(a); }, "mean<1, keepdims>");
    unary_case<shape{2, 4, 1}>([](auto a) { return mean<0, keepdims>(a); }, "mean<0, keepdims>");
    unary_case<shape{1, 1, 4}>([](auto a) { return mean<0, keepdims>(a); }, "mean<0, keepdims> of a vector");
    // broadcast back: the kept axis stretches over the one it was reduced along
    unary_case<shape{2, 3, 4}>([](auto a) { return a - mean<1, keepdims>(a); }, "A - mean<1, keepdims>(A)");
    unary_case<shape{2, 3, 4}>([](auto a) { return a * sum<0, keepdims>(a); }, "A * sum<0, keepdims>(A)");
    unary_case<shape{2, 3, 4}>([](auto a) { return a / sum<1, keepdims>(exp(a)); }, "A / sum<1, keepdims>(exp A)");
}

TEST_CASE("layer normalization as a PyTorch user writes it", "[tensor]") {
    // torch: mu = x.mean(-1, keepdim=True); var = x.var(-1, keepdim=True, unbiased=False);
    //        y = (x - mu) / sqrt(var + eps) * gamma + beta
    constexpr var<"gamma", 8> gamma;
    constexpr var<"beta", 8> beta;
    constexpr var<"R", 5, 8> R;
    constexpr double eps = 1e-5;
    auto layer_norm = [&](auto x) {
        auto centred = x - mean<1, keepdims>(x);
        auto variance = mean<1, keepdims>(centred * centred);
        return centred / sqrt(variance + eps) * gamma + beta;
    };
    auto x = random_values(40, -2, 3, 52), g = random_values(8, 0.5, 1.5, 53), b = random_values(8, -1, 1, 54),
         r = random_values(40, -1, 1, 55);
    const auto y = eval(layer_norm(X), at(X = x, gamma = g, beta = b));
    for (std::size_t i = 0; i < 5; ++i) {  // against plain loops
        double mu = 0, v = 0;
        for (std::size_t j = 0; j < 8; ++j) mu += x[i * 8 + j] / 8;
        for (std::size_t j = 0; j < 8; ++j) v += (x[i * 8 + j] - mu) * (x[i * 8 + j] - mu) / 8;
        for (std::size_t j = 0; j < 8; ++j)
            CHECK(close(y(i, j), (x[i * 8 + j] - mu) / std::sqrt(v + eps) * g[j] + b[j], 1e-13, 1e-14));
    }
    check_gradient(sum(R * layer_norm(X)), "layer norm", with(X, x), with(gamma, g), with(beta, b), with(R, r));
}
