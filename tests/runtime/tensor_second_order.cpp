// Second order with tensors: hvp with a direction of each variable's shape against central
// differences of the gradient along it, hessian blocks of tensor variables against hvp and
// symmetry, and a scalar variable's second derivative inside a tensor expression.
#include <cmath>
#include <vector>

#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
constexpr var<"X", 4, 3> X;
constexpr var<"Y", 4, 2> Y;
constexpr var<"W1", 5, 3> W1;
constexpr var<"b1", 5> b1;
constexpr var<"W2", 2, 5> W2;
constexpr var<"s"> s;
// a 3-5-2 tanh network with softmax cross-entropy and a scaled L2 term on W1
constexpr auto hidden = named<"a1">(tanh(matmul(X, transpose(W1)) + b1));
constexpr auto loss = mean(nn::softmax_cross_entropy(matmul(hidden, transpose(W2)), Y)) + s * sum(W1 * W1);
}  // namespace

TEST_CASE("hvp with tensor directions: central differences of the gradient along the direction", "[tensor][second]") {
    auto x = random_values(12, -1, 1, 61), y = std::vector<double>{1, 0, 0, 1, 1, 0, 0, 1};
    auto w1 = random_values(15, -1, 1, 62), bias = random_values(5, -1, 1, 63), w2 = random_values(10, -1, 1, 64);
    std::vector<double> sv{0.3};
    auto d1 = random_values(15, -1, 1, 65), db = random_values(5, -1, 1, 66), d2 = random_values(10, -1, 1, 67);
    const double ds = 0.7;
    auto point = [&] { return at(X = x, Y = y, W1 = w1, b1 = bias, W2 = w2, s = sv[0]); };
    const auto hv = hvp(loss, wrt(W1, b1, W2, s), point(), at(W1 = d1, b1 = db, W2 = d2, s = ds));
    // g(p + h v) - g(p - h v), over 2 h
    const double h = 1e-5;
    auto shift = [&](double t) {
        for (std::size_t k = 0; k < w1.size(); ++k) w1[k] += t * d1[k];
        for (std::size_t k = 0; k < bias.size(); ++k) bias[k] += t * db[k];
        for (std::size_t k = 0; k < w2.size(); ++k) w2[k] += t * d2[k];
        sv[0] += t * ds;
    };
    auto shifted_gradient = [&](double t) {
        shift(t);
        auto g = value_and_grad(loss, wrt(W1, b1, W2, s), point()).grad;
        shift(-t);
        return g;
    };
    const auto up = shifted_gradient(h), down = shifted_gradient(-h);
    auto compare = [&](auto variable) {
        for (std::size_t k = 0; k < decltype(variable)::shape.size(); ++k) {
            const double fd = (up.data(variable)[k] - down.data(variable)[k]) / (2 * h);
            INFO(std::string(decltype(variable)::name.view()) << "[" << k << "]");
            CHECK(close(hv.data(variable)[k], fd, 1e-6, 1e-8));
        }
    };
    compare(W1), compare(b1), compare(W2), compare(s);
    // indexed like a gradient: the shape of each variable
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(hv[W1])>, tensor<double, shape{2, 5, 3}>>);
}

TEST_CASE("hessian of tensor variables: symmetric blocks, each column an hvp", "[tensor][second]") {
    constexpr var<"w", 3> w;
    constexpr var<"B", 2, 2> B;
    constexpr var<"a"> a;
    constexpr var<"u", 2, 3> U;
    const auto f = sum(exp(matmul(U, w) * a)) + sum(tanh(matmul(B, matmul(U, w)))) + a * a * sum(B * B);
    auto wv = random_values(3, -1, 1, 71), bv = random_values(4, -1, 1, 72), uv = random_values(6, -1, 1, 73);
    const double av = 0.4;
    const auto p = at(w = wv, B = bv, a = av, U = uv);
    const auto h = hessian(f, wrt(w, B, a), p);
    static_assert(decltype(h)::n == 8);
    // every column against an hvp along that element's basis direction
    for (std::size_t col = 0; col < 8; ++col) {
        std::vector<double> dw(3, 0.0), dB(4, 0.0);
        double da = 0;
        if (col < 3) dw[col] = 1;
        else if (col < 7) dB[col - 3] = 1;
        else da = 1;
        const auto column = hvp(f, wrt(w, B, a), p, at(w = dw, B = dB, a = da));
        for (std::size_t i = 0; i < 3; ++i) CHECK(close(h.values(i, col), column[w](i), 1e-14, 1e-15));
        for (std::size_t i = 0; i < 4; ++i) CHECK(close(h.values(3 + i, col), column.data(B)[i], 1e-14, 1e-15));
        CHECK(close(h.values(7, col), column[a], 1e-14, 1e-15));
    }
    for (std::size_t i = 0; i < 8; ++i)
        for (std::size_t j = 0; j < 8; ++j) CHECK(close(h.values(i, j), h.values(j, i), 1e-12, 1e-14));
    // blocks: h(B, w)(i, j) = d2f / dB_i dw_j; the scalar block is d2f/da2 = diff(f, a, a)
    CHECK(h(B, w).rows() == 4);
    CHECK(h(B, w).cols() == 3);
    CHECK(h(B, w)(2, 1) == h.values(3 + 2, 1));
    CHECK(close(h(a, a)(0, 0), eval(diff(f, a, a), p), 1e-12, 1e-14));
    // against central differences of the gradient, element by element
    for (std::size_t j = 0; j < 3; ++j) {
        const double saved = wv[j], step = 1e-5;
        wv[j] = saved + step;
        const auto up = value_and_grad(f, wrt(w, B, a), at(w = wv, B = bv, a = av, U = uv)).grad;
        wv[j] = saved - step;
        const auto down = value_and_grad(f, wrt(w, B, a), at(w = wv, B = bv, a = av, U = uv)).grad;
        wv[j] = saved;
        for (std::size_t i = 0; i < 4; ++i)
            CHECK(close(h(B, w)(i, j), (up.data(B)[i] - down.data(B)[i]) / (2 * step), 1e-6, 1e-8));
    }
}

TEST_CASE("hessian by a scalar inside a tensor expression (issue 23's segfault)", "[tensor][second]") {
    constexpr var<"x", 2> x;
    constexpr var<"a"> a;
    const std::vector<double> xs{1, 2};
    const auto f = sum(x * exp(a * x));
    const auto h = hessian(f, wrt(a), at(x = xs, a = 0.5));
    // d2/da2 sum x exp(a x) = sum x^3 exp(a x)
    CHECK(close(h(a, a), std::exp(0.5) + 8 * std::exp(1.0), 1e-14, 1e-15));
    CHECK(close(h(a, a), eval(diff(f, a, a), at(x = xs, a = 0.5)), 1e-15, 1e-15));
}
