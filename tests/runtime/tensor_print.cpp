// The gradient of DESIGN.md's two-layer network as a textbook writes it, in forward values
// (a1, z2): matrix calculus, transposes as ^T, matmul as @ (juxtaposition in LaTeX), products
// of two tensors elementwise (\odot in LaTeX); and the same formulas evaluated against
// value_and_grad on a smaller network of the same form. to_dot shows each node's shape.
#include <ctgrad/ctgrad.hpp>

#include "../design_network.hpp"
#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;


TEST_CASE("the two-layer network's gradient prints in forward values", "[tensor][print]") {
    using namespace design_network;
    CHECK(to_string(loss) == "1/64 * sum(softmax_cross_entropy(z2, Y))");
    CHECK(to_string(diff(loss, W2)) == "1/64 * (softmax(z2) - Y)^T @ a1");
    CHECK(to_string(diff(loss, b2)) == "1/64 * sum<0>(softmax(z2) - Y)");
    CHECK(to_string(diff(loss, W1)) == "1/64 * ((softmax(z2) - Y) @ W2 * a1 * (1 - a1))^T @ X");
    CHECK(to_string(diff(loss, b1)) == "1/64 * sum<0>((softmax(z2) - Y) @ W2 * a1 * (1 - a1))");
    CHECK(to_latex(diff(loss, W1)) ==
          "\\frac{1}{64} \\cdot \\left(\\left(\\operatorname{softmax}\\left(z_{2}\\right) - Y\\right) \\, W_{2} \\odot a_{1} "
          "\\odot \\left(1 - a_{1}\\right)\\right)^{\\top} \\, X");
    // shapes: each gradient has its variable's
    static_assert(detail::shape_of<decltype(diff(loss, W1))>() == W1.shape);
    static_assert(detail::shape_of<decltype(diff(loss, b1))>() == b1.shape);
    static_assert(detail::shape_of<decltype(diff(loss, W2))>() == W2.shape);
    const std::string dot = to_dot(loss);
    CHECK(dot.find("a1 = sigmoid\\n(64 x 128)") != std::string::npos);
    CHECK(dot.find("A @ B^T\\n(64 x 10)") != std::string::npos);  // one GEMM reading W2 transposed
    CHECK(dot.find("transpose") == std::string::npos);
    CHECK(dot.find("b1\\n(128)") != std::string::npos);
}

TEST_CASE("the printed formulas evaluate to value_and_grad's gradient", "[tensor]") {
    constexpr var<"X", 5, 4> X;
    constexpr var<"Y", 5, 3> Y;
    constexpr var<"W1", 6, 4> W1;
    constexpr var<"b1", 6> b1;
    constexpr var<"W2", 3, 6> W2;
    constexpr var<"b2", 3> b2;
    constexpr auto a1 = named<"a1">(sigmoid(matmul(X, transpose(W1)) + b1));
    constexpr auto z2 = named<"z2">(matmul(a1, transpose(W2)) + b2);
    constexpr auto loss = mean(nn::softmax_cross_entropy(z2, Y));
    auto x = random_values(20, -1, 1, 51), w1 = random_values(24, -1, 1, 52), bias1 = random_values(6, -1, 1, 53);
    auto w2 = random_values(18, -1, 1, 54), bias2 = random_values(3, -1, 1, 55);
    std::vector<double> y(15, 0.0);
    for (std::size_t i = 0; i < 5; ++i) y[i * 3 + i % 3] = 1.0;
    check_gradient(loss, "2-layer network", with(X, x), with(Y, y), with(W1, w1), with(b1, bias1), with(W2, w2),
                   with(b2, bias2));
}
