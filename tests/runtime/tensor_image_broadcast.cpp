// Broadcasting at rank 3 and 4, NumPy's way (extents aligned at the last axis, each pair equal
// or one of them 1): every elementwise operation, operands of lower rank and of the same rank
// with extents of 1, both sides repeated at once, and the run-time batch; gradients against
// central differences and the symbolic derivative (broadcast_to's VJP sums along the
// repeated axes and reshapes back), values against loops.
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
template <class E>
constexpr shape shape_of_v = detail::shape_of<E>{};
constexpr var<"T", 2, 3, 4> T;
constexpr var<"X", batch, 3, 4> X;
static_assert(shape_of_v<decltype(T + var<"v", 4>{})> == image_shape(2, 3, 4));
static_assert(shape_of_v<decltype(T * var<"c", 3, 1>{})> == image_shape(2, 3, 4));
static_assert(shape_of_v<decltype(var<"a", 2, 1, 4>{} - var<"b", 3, 1>{})> == image_shape(2, 3, 4));
static_assert(shape_of_v<decltype(var<"P", 2, 3, 1, 1>{} / var<"Q", 1, 3, 5, 5>{})> == image_shape(2, 3, 5, 5));
static_assert(shape_of_v<decltype(var<"R", 3, 5, 5>{} + var<"P", 2, 3, 1, 1>{})> == image_shape(2, 3, 5, 5));
static_assert(shape_of_v<decltype(X + var<"v", 4>{})> == image_shape(batch, 3, 4));
static_assert(shape_of_v<decltype(X * var<"u", 1, 3, 1>{})> == image_shape(batch, 3, 4));
static_assert(shape_of_v<decltype(var<"S", 3, 4>{} - X)> == image_shape(batch, 3, 4));
// what does not broadcast: 4 against 3; the batch anywhere but the result's first extent
static_assert(detail::broadcast(image_shape(2, 3, 4), shape{1, 1, 3}).rank == -1);
static_assert(detail::broadcast(image_shape(batch, 3, 4), shape{2, 1, 4, batch_axis::rows}).rank == -1);
static_assert(detail::broadcast(image_shape(2, 3, 4), image_shape(3, 3, 4)).rank == -1);
}  // namespace

TEST_CASE("broadcasting at rank 3 and 4: gradients of every elementwise operation", "[tensor][image]") {
    binary_case<image_shape(2, 3, 4), shape{1, 1, 4}>([](auto a, auto b) { return a + b; }, "a + b");
    binary_case<shape{1, 1, 4}, image_shape(2, 3, 4)>([](auto a, auto b) { return a - b; }, "a - b");
    binary_case<image_shape(2, 3, 4), shape{2, 3, 1}>([](auto a, auto b) { return a * b; }, "a * b");
    binary_case<image_shape(2, 1, 4), image_shape(2, 3, 4)>([](auto a, auto b) { return a / b; }, "a / b", 0.5, 2.0);
    binary_case<image_shape(2, 3, 1, 1), image_shape(1, 3, 2, 2)>([](auto a, auto b) { return pow(a, b); }, "pow(a, b)", 0.5, 2.0);
    binary_case<image_shape(3, 2, 2), image_shape(2, 3, 2, 2)>([](auto a, auto b) { return max(a, b); }, "max(a, b)");
    binary_case<image_shape(2, 3, 2, 2), shape{1, 1, 2}>([](auto a, auto b) { return min(a, b); }, "min(a, b)");
    // a chain: the repeated operand used twice, and an exact coefficient on a repeated one
    binary_case<image_shape(2, 3, 4), shape{1, 1, 4}>([](auto a, auto b) { return exp(a * b) * b - 2 * (a + b); },
                                                      "exp(a b) b - 2 (a + b)");
    binary_case<image_shape(2, 2, 3), image_shape(2, 1, 3)>([](auto a, auto b) { return sigmoid(a - b) * (b + 1); },
                                                            "sigmoid(a - b) (b + 1)");
}

TEST_CASE("broadcasting at rank 3 and 4: values, printing, second order", "[tensor][image]") {
    constexpr var<"v", 4> v;
    constexpr var<"c", 3, 1> c;
    auto t = random_values(24, -1, 1, 71), vv = random_values(4, -1, 1, 72), cc = random_values(3, -1, 1, 73);
    const auto p = at(T = t, v = vv, c = cc);
    const auto y = eval(T * v + c, p);
    for (std::size_t n = 0; n < 2; ++n)
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 4; ++j) {
                const std::size_t k = (n * 3 + i) * 4 + j;
                CHECK(close(element(y, k), t[k] * vv[j] + cc[i], 1e-15, 1e-15));
            }
    CHECK(to_string(T * v + c) == "broadcast<2, 3, 4>(c) + T * broadcast<2, 3, 4>(v)");
    CHECK(to_string(diff(sum(T * v), v)) == "reshape<4>(sum<1, keepdims>(sum<0, keepdims>(T)))");
    // hvp through the repetition and its sums: the gradient's own gradient
    const auto f = sum(exp(T * v) * c);
    auto d = random_values(4, -1, 1, 74);
    const auto hv = hvp(f, wrt(v), p, at(v = d));
    const double h = 1e-5;
    auto gradient_at = [&](double s) {
        std::vector<double> shifted(4);
        for (std::size_t k = 0; k < 4; ++k) shifted[k] = vv[k] + s * d[k];
        const auto g = value_and_grad(f, wrt(v), at(T = t, v = shifted, c = cc)).grad;
        return std::vector<double>(g.data(v), g.data(v) + 4);
    };
    const auto up = gradient_at(h), down = gradient_at(-h);
    for (std::size_t k = 0; k < 4; ++k) CHECK(close(hv.data(v)[k], (up[k] - down[k]) / (2 * h), 1e-7, 1e-9));
}

TEST_CASE("broadcasting at rank 3 and 4 with the run-time batch: the gradients of a static batch", "[tensor][image][batch]") {
    constexpr var<"v", 4> v;
    constexpr var<"u", 1, 3, 1> u;
    constexpr var<"Xs", 5, 3, 4> Xs;
    auto x = random_values(60, -1, 1, 75), vv = random_values(4, -1, 1, 76), uu = random_values(3, -1, 1, 77);
    const auto batched = value_and_grad(sum(tanh(X * v + u)), wrt(v, u), at(X = x, v = vv, u = uu));
    const auto fixed = value_and_grad(sum(tanh(Xs * v + u)), wrt(v, u), at(Xs = x, v = vv, u = uu));
    CHECK(close(batched.value, fixed.value, 1e-14, 1e-15));
    for (std::size_t k = 0; k < 4; ++k) CHECK(close(batched.grad.data(v)[k], fixed.grad.data(v)[k], 1e-14, 1e-15));
    for (std::size_t k = 0; k < 3; ++k) CHECK(close(batched.grad.data(u)[k], fixed.grad.data(u)[k], 1e-14, 1e-15));
    // and against central differences, through a workspace sized for a larger batch
    auto ws = make_workspace<double>(sum(tanh(X * v + u)), wrt(v, u), 8);
    CHECK(close(ws.value_and_grad(at(X = x, v = vv, u = uu)), fixed.value, 1e-14, 1e-15));
    for (std::size_t k = 0; k < 4; ++k) CHECK(close(ws.grad.data(v)[k], fixed.grad.data(v)[k], 1e-14, 1e-15));
}
