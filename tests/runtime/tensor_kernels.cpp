// Kernel operations (matmul, transpose, reductions, softmax, log_softmax, softmax
// cross-entropy) checked element by element against finite differences at shapes 1x1, 1xn,
// nx1, 3x4 and on vectors, and their values against plain loops.
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;


TEST_CASE("matmul: dA = dC B^T, dB = A^T dC", "[tensor]") {
    auto product = [](auto a, auto b) { return matmul(a, b); };
    binary_case<shape{2, 3, 4}, shape{2, 4, 2}>(product, "matmul");
    binary_case<shape{2, 1, 1}, shape{2, 1, 1}>(product, "matmul");
    binary_case<shape{2, 1, 4}, shape{2, 4, 1}>(product, "matmul");  // an inner product, 1 x 1
    binary_case<shape{2, 4, 1}, shape{2, 1, 3}>(product, "matmul");  // an outer product, 4 x 3
    binary_case<shape{2, 3, 4}, shape{1, 1, 4}>(product, "matmul");  // matrix x vector
    binary_case<shape{1, 1, 3}, shape{2, 3, 4}>(product, "matmul");  // vector x matrix
    binary_case<shape{1, 1, 4}, shape{1, 1, 4}>(product, "matmul");  // a dot product: a scalar
    auto gram = [](auto a, auto b) { return matmul(a, transpose(b)); };  // the layer form X W^T
    binary_case<shape{2, 3, 4}, shape{2, 5, 4}>(gram, "matmul with transpose");
    auto same = [](auto a, auto) { return matmul(a, transpose(a)); };  // one variable on both sides
    binary_case<shape{2, 3, 4}, shape{2, 1, 1}>(same, "A A^T");
}

TEST_CASE("matmul's value is the product", "[tensor]") {
    constexpr var<"A", 3, 4> A;
    constexpr var<"B", 4, 2> B;
    auto a = random_values(12, -1, 1, 41), b = random_values(8, -1, 1, 42);
    const auto c = eval(matmul(A, B), at(A = a, B = b));
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 2; ++j) {
            double s = 0;
            for (std::size_t k = 0; k < 4; ++k) s += a[i * 4 + k] * b[k * 2 + j];
            CHECK(close(c(i, j), s, 1e-15, 1e-15));
        }
}

TEST_CASE("transpose", "[tensor]") {
    every_shape([](auto a) {
        if constexpr (detail::shape_of<decltype(a)>().rank == 2) return transpose(a);
        else return a;
    }, "transpose");
    constexpr var<"A", 3, 4> A;
    auto a = random_values(12, -1, 1, 43);
    const auto t = eval(transpose(A), at(A = a));
    CHECK(t(3, 1) == a[1 * 4 + 3]);
}

TEST_CASE("reductions: sum, sum<0>, sum<1>, mean", "[tensor]") {
    every_shape([](auto a) { return sum(a); }, "sum");
    every_shape([](auto a) { return sum<0>(a); }, "sum<0>");
    every_shape([](auto a) { return mean(a); }, "mean");
    unary_case<shape{2, 3, 4}>([](auto a) { return sum<1>(a); }, "sum<1>");
    unary_case<shape{2, 4, 1}>([](auto a) { return sum<1>(a); }, "sum<1>");
    unary_case<shape{2, 1, 5}>([](auto a) { return sum<1>(a); }, "sum<1>");
    constexpr var<"A", 3, 4> A;
    auto a = random_values(12, -1, 1, 44);
    const auto columns = eval(sum<0>(A), at(A = a));
    const auto rows = eval(sum<1>(A), at(A = a));
    CHECK(close(columns(2), a[2] + a[6] + a[10], 1e-15));
    CHECK(close(rows(1), a[4] + a[5] + a[6] + a[7], 1e-15));
}

TEST_CASE("softmax and log_softmax along the last axis", "[tensor]") {
    every_shape([](auto a) { return softmax(a); }, "softmax");
    every_shape([](auto a) { return log_softmax(a); }, "log_softmax");
    // stable: logits of 1000 neither overflow nor lose the row's ratios
    constexpr var<"Z", 2, 3> Z;
    std::vector<double> z{1000, 1001, 1002, -1000, -1000, -1000};
    const auto s = eval(softmax(Z), at(Z = z));
    const auto l = eval(log_softmax(Z), at(Z = z));
    CHECK(close(s(0, 2), 1 / (1 + std::exp(-1.0) + std::exp(-2.0)), 1e-15));
    CHECK(close(s(1, 1), 1.0 / 3, 1e-15));
    CHECK(close(l(0, 0), -2 - std::log(1 + std::exp(-1.0) + std::exp(-2.0)), 1e-15));
}

TEST_CASE("softmax cross-entropy: gradient softmax - onehot", "[tensor]") {
    auto ce = [](auto z, auto y) { return nn::softmax_cross_entropy(z, y); };
    binary_case<shape{2, 3, 4}, shape{2, 3, 4}>(ce, "softmax_cross_entropy", 0.0, 1.0);  // soft targets
    binary_case<shape{1, 1, 4}, shape{1, 1, 4}>(ce, "softmax_cross_entropy", 0.0, 1.0);
    binary_case<shape{2, 4, 1}, shape{2, 4, 1}>(ce, "softmax_cross_entropy", 0.0, 1.0);
    // one-hot rows: d mean(CE) / dZ = (softmax(Z) - Y) / rows; CE = -log softmax at the target
    constexpr var<"Z", 3, 4> Z;
    constexpr var<"Y", 3, 4> Y;
    auto z = random_values(12, -3, 3, 45);
    std::vector<double> y(12, 0.0);
    y[2] = y[4] = y[11] = 1;
    const auto p = at(Z = z, Y = y);
    const auto r = value_and_grad(mean(nn::softmax_cross_entropy(Z, Y)), wrt(Z), p);
    const auto s = eval(softmax(Z), p);
    const auto ls = eval(log_softmax(Z), p);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 4; ++j) CHECK(close(r.grad[Z](i, j), (s(i, j) - y[i * 4 + j]) / 3, 1e-14, 1e-16));
    CHECK(close(r.value, -(ls(0, 2) + ls(1, 0) + ls(2, 3)) / 3, 1e-14));
}
