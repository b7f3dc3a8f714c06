// explain and explain_latex with tensors: each chain node's adjoint written from its parents'
// adjoints and forward values (as diff prints it), its shape and the norm of its numbers,
// checked against value_and_grad and against the adjoints computed by hand.
#include <cmath>
#include <sstream>
#include <string>
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
constexpr var<"b2", 2> b2;
constexpr auto a1 = named<"a1">(sigmoid(matmul(X, transpose(W1)) + b1));
constexpr auto z2 = named<"z2">(matmul(a1, transpose(W2)) + b2);
constexpr auto loss = named<"L">(mean(nn::softmax_cross_entropy(z2, Y)));

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}
double norm_of(const double* v, std::size_t n) {
    double s = 0;
    for (std::size_t k = 0; k < n; ++k) s += v[k] * v[k];
    return std::sqrt(s);
}
/// The number after "norm " at the end of a line.
double norm_in(const std::string& line) { return std::stod(line.substr(line.rfind("norm ") + 5)); }
}  // namespace

TEST_CASE("explain with tensors: the adjoints node by node, in forward values", "[explain][tensor]") {
    auto x = random_values(12, -1, 1, 81), w1 = random_values(15, -1, 1, 82), bias1 = random_values(5, -1, 1, 83),
         w2 = random_values(10, -1, 1, 84), bias2 = random_values(2, -1, 1, 85);
    const std::vector<double> y{1, 0, 0, 1, 1, 0, 0, 1};
    const auto p = at(X = x, Y = y, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2);
    const std::string text = explain(loss, W1, p);
    INFO(text);
    const auto lines = lines_of(text);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].starts_with("dL/dz2 = 1/4 * (softmax(z2) - Y)"));
    CHECK(lines[1].starts_with("dL/da1 = dL/dz2 @ W2"));
    CHECK(lines[2].starts_with("dL/dW1 = (dL/da1 * a1 * (1 - a1))^T @ X"));
    CHECK(lines[0].find("(4 x 2), norm ") != std::string::npos);
    CHECK(lines[1].find("(4 x 5), norm ") != std::string::npos);
    CHECK(lines[2].find("(5 x 3), norm ") != std::string::npos);
    // the last line is the gradient
    const auto r = value_and_grad(loss, wrt(W1), p);
    CHECK(close(norm_in(lines[2]), norm_of(r.grad.data(W1), 15), 1e-5));
    // the first two against the adjoints by hand: (softmax(z2) - Y) / 4, then that @ W2
    const auto z = eval(z2, p);
    std::vector<double> dz(8), da(20, 0.0);
    for (std::size_t i = 0; i < 4; ++i) {
        const double e0 = std::exp(z(i, 0)), e1 = std::exp(z(i, 1));
        dz[i * 2] = (e0 / (e0 + e1) - y[i * 2]) / 4;
        dz[i * 2 + 1] = (e1 / (e0 + e1) - y[i * 2 + 1]) / 4;
        for (std::size_t j = 0; j < 5; ++j) da[i * 5 + j] = dz[i * 2] * w2[j] + dz[i * 2 + 1] * w2[5 + j];
    }
    CHECK(close(norm_in(lines[0]), norm_of(dz.data(), 8), 1e-5));
    CHECK(close(norm_in(lines[1]), norm_of(da.data(), 20), 1e-5));
}

TEST_CASE("explain with tensors: a variable on two paths sums its shares, and a scalar variable", "[explain][tensor]") {
    constexpr var<"s"> s;
    constexpr auto h = named<"h">(tanh(matmul(X, transpose(W1))));
    constexpr auto f = sum(h * h) + s * sum(matmul(h, W1));
    auto x = random_values(12, -1, 1, 86), w1 = random_values(15, -1, 1, 87);
    const auto p = at(X = x, W1 = w1, s = 0.7);
    const auto lines = lines_of(explain(f, W1, p));
    INFO(explain(f, W1, p));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].starts_with("df/dh  = broadcast<4, 3>(s) @ W1^T + 2 * h"));  // heads padded to one width
    CHECK(lines[1].starts_with("df/dW1 = h^T @ broadcast<4, 3>(s) + (df/dh * (1 - h^2))^T @ X"));
    // W1 is read by h and by the root: both shares are in its line
    const auto r = value_and_grad(f, wrt(W1, s), p);
    CHECK(close(norm_in(lines[1]), norm_of(r.grad.data(W1), 15), 1e-5));
    const auto scalar_lines = lines_of(explain(f, s, p));
    REQUIRE(scalar_lines.size() == 1);
    CHECK(scalar_lines[0].find("(scalar), norm ") != std::string::npos);
    CHECK(close(norm_in(scalar_lines[0]), std::fabs(r.grad[s]), 1e-5));
}

TEST_CASE("explain_latex with tensors: partials as fractions, products and shapes", "[explain][tensor]") {
    auto x = random_values(12, -1, 1, 88), w1 = random_values(15, -1, 1, 89), bias1 = random_values(5, -1, 1, 90),
         w2 = random_values(10, -1, 1, 91), bias2 = random_values(2, -1, 1, 92);
    const std::vector<double> y{0, 1, 1, 0, 0, 1, 1, 0};
    const std::string latex = explain_latex(loss, W1, at(X = x, Y = y, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2));
    INFO(latex);
    CHECK(latex.starts_with("\\begin{aligned}\n\\frac{\\partial L}{\\partial z_{2}} &= "));
    CHECK(latex.find("\\frac{\\partial L}{\\partial a_{1}} &= \\frac{\\partial L}{\\partial z_{2}} \\, W_{2} && "
                     "\\left(4 \\times 5\\right),\\ \\|\\cdot\\| = ") != std::string::npos);
    CHECK(latex.ends_with("\\end{aligned}"));
}
