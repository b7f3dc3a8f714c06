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

// Rank 3 and 4 (N x C x H x W): sum<Axis> and mean<Axis> along any axis, which goes (or stays
// with extent 1 under keepdims); their VJPs repeat the adjoint along the axis (broadcast_to,
// whose own VJP is the sum again).
namespace {
constexpr var<"T", 2, 3, 4> T3;
constexpr var<"T", 2, 3, 4, 5> T4;
constexpr var<"B", batch, 3, 4> B3;
static_assert(shape_of_v<decltype(sum<0>(T3))> == shape{2, 3, 4});
static_assert(shape_of_v<decltype(sum<1>(T3))> == shape{2, 2, 4});
static_assert(shape_of_v<decltype(sum<2>(T3))> == shape{2, 2, 3});
static_assert(shape_of_v<decltype(sum<1, keepdims>(T3))> == image_shape(2, 1, 4));
static_assert(shape_of_v<decltype(sum<1>(T4))> == image_shape(2, 4, 5));
static_assert(shape_of_v<decltype(sum<3>(T4))> == image_shape(2, 3, 4));
static_assert(shape_of_v<decltype(sum<3, keepdims>(T4))> == image_shape(2, 3, 4, 1));
static_assert(shape_of_v<decltype(mean<0, keepdims>(T4))> == image_shape(1, 3, 4, 5));
// global average pooling: N x C x H x W -> N x C
static_assert(shape_of_v<decltype(mean<2>(mean<2>(T4)))> == shape{2, 2, 3});
// the batch stays unless it is summed
static_assert(shape_of_v<decltype(sum<2>(B3))> == shape{2, 1, 3, batch_axis::rows});
static_assert(shape_of_v<decltype(sum<1, keepdims>(B3))> == image_shape(batch, 1, 4));
static_assert(shape_of_v<decltype(sum<0>(B3))> == shape{2, 3, 4});
static_assert(shape_of_v<decltype(sum<1>(var<"Q", batch, 2, 3, 4>{}))> == image_shape(batch, 3, 4));

/// The sum along `axis` of a row-major tensor of extents e, by its definition.
std::vector<double> sum_by_loops(const std::vector<double>& x, std::vector<std::size_t> e, std::size_t axis) {
    std::size_t outer = 1, inner = 1;
    for (std::size_t k = 0; k < axis; ++k) outer *= e[k];
    for (std::size_t k = axis + 1; k < e.size(); ++k) inner *= e[k];
    std::vector<double> out(outer * inner, 0.0);
    for (std::size_t o = 0; o < outer; ++o)
        for (std::size_t k = 0; k < e[axis]; ++k)
            for (std::size_t i = 0; i < inner; ++i) out[o * inner + i] += x[(o * e[axis] + k) * inner + i];
    return out;
}
template <class R>
void check_elements(const R& result, const std::vector<double>& expected, double scale) {
    for (std::size_t k = 0; k < expected.size(); ++k) CHECK(close(element(result, k), expected[k] * scale, 1e-14, 1e-15));
}
}  // namespace

TEST_CASE("sum and mean along any axis of rank 3 and 4: values", "[tensor][image]") {
    auto x = random_values(120, -2, 2, 56);
    const auto p = at(T4 = x);
    const std::vector<std::size_t> e{2, 3, 4, 5};
    check_elements(eval(sum<0>(T4), p), sum_by_loops(x, e, 0), 1.0);
    check_elements(eval(sum<1>(T4), p), sum_by_loops(x, e, 1), 1.0);
    check_elements(eval(sum<2, keepdims>(T4), p), sum_by_loops(x, e, 2), 1.0);
    check_elements(eval(sum<3>(T4), p), sum_by_loops(x, e, 3), 1.0);
    check_elements(eval(mean<1>(T4), p), sum_by_loops(x, e, 1), 1.0 / 3);
    check_elements(eval(mean<3, keepdims>(T4), p), sum_by_loops(x, e, 3), 1.0 / 5);
    // global average pooling, each (sample, channel) the mean of its 20 pixels
    check_elements(eval(mean<2>(mean<2>(T4)), p), sum_by_loops(sum_by_loops(x, e, 3), {2, 3, 4}, 2), 1.0 / 20);
    // a batch of 3 rows bound at run time: the batch's sums along axis 2
    auto b = random_values(36, -1, 1, 57);
    check_elements(eval(sum<2>(B3), at(B3 = b)), sum_by_loops(b, {3, 3, 4}, 2), 1.0);
    CHECK(to_string(sum<2, keepdims>(T4)) == "sum<2, keepdims>(T)");
    CHECK(to_string(mean<2>(T3)) == "1/4 * sum<2>(T)");
}

TEST_CASE("sum and mean along any axis of rank 3 and 4: gradients", "[tensor][image]") {
    unary_case<image_shape(2, 3, 4)>([](auto a) { return sum<0>(a); }, "sum<0>");
    unary_case<image_shape(2, 3, 4)>([](auto a) { return sum<1>(exp(a)); }, "sum<1>(exp A)");
    unary_case<image_shape(2, 3, 4)>([](auto a) { return sum<2, keepdims>(a * a); }, "sum<2, keepdims>(A A)");
    unary_case<image_shape(2, 3, 2, 3)>([](auto a) { return mean<0, keepdims>(a); }, "mean<0, keepdims>");
    unary_case<image_shape(2, 3, 2, 3)>([](auto a) { return mean<1>(a); }, "mean<1>");
    unary_case<image_shape(2, 3, 2, 3)>([](auto a) { return sum<2>(sigmoid(a)); }, "sum<2>(sigmoid A)");
    unary_case<image_shape(2, 3, 2, 3)>([](auto a) { return mean<3, keepdims>(a); }, "mean<3, keepdims>");
    // a reduction of a reduction: the outer one's adjoint is a tensor, repeated along the axis
    unary_case<image_shape(2, 3, 2, 3)>([](auto a) { return mean<2>(mean<2>(a)); }, "global average pooling");
    unary_case<image_shape(2, 3, 4)>([](auto a) { return sum<1>(a) * sum<1>(a); }, "sum<1>(A) sum<1>(A)");
    // the VJP's own VJP (broadcast_to's is the sum again), through second order
    constexpr var<"A", 2, 3, 4> A;
    constexpr var<"R", 2, 4> R;
    const auto f = sum(R * sum<1>(A) * sum<1>(A));
    CHECK(to_string(diff(f, A)) == "2 * broadcast<2, 3, 4>(reshape<2, 1, 4>(R * sum<1>(A)))");
    auto a = random_values(24, -1, 1, 58), r = random_values(8, -1, 1, 59), d = random_values(24, -1, 1, 60);
    const auto hv = hvp(f, wrt(A), at(A = a, R = r), at(A = d));
    // against g(a + h d) - g(a - h d), over 2 h
    const double h = 1e-5;
    auto gradient_at = [&](double t) {
        std::vector<double> shifted(24);
        for (std::size_t k = 0; k < 24; ++k) shifted[k] = a[k] + t * d[k];
        const auto g = value_and_grad(f, wrt(A), at(A = shifted, R = r)).grad;
        return std::vector<double>(g.data(A), g.data(A) + 24);
    };
    const auto up = gradient_at(h), down = gradient_at(-h);
    for (std::size_t k = 0; k < 24; ++k) CHECK(close(hv.data(A)[k], (up[k] - down[k]) / (2 * h), 1e-7, 1e-9));
}
