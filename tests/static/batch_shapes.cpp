// The run-time batch's shapes at compile time: var<"X", batch, n> is batch x n, it broadcasts
// against vectors and scalars but not against a static number of rows, the batch moves with a
// transpose, and products and reductions keep or drop it. Also a batched network differentiated
// in constant evaluation.
#include <array>
#include <type_traits>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;
using detail::broadcast;
using detail::shape_of;

namespace batch_shapes {
inline constexpr var<"X", batch, 4> X;
inline constexpr var<"Y", batch, 3> Y;
inline constexpr var<"W", 3, 4> W;
inline constexpr var<"b", 3> b;

template <class E>
constexpr shape shape_of_expression(const E&) {
    return shape_of<E>{};
}

constexpr shape rows_of_4{2, 1, 4, batch_axis::rows};
static_assert(X.shape == rows_of_4 && X.shape.batched() && X.shape.count() == element_count{4, 0});
static_assert(X.shape.count().at(64) == 256 && W.shape.count() == element_count{0, 12});
static_assert(at_batch(X.shape, 64) == shape{2, 64, 4});
static_assert(var<"M", 3, batch>::shape == shape{2, 3, 1, batch_axis::cols});  // one column per batch row
static_assert(var<"v", batch>::shape == shape{1, 1, 1, batch_axis::cols});     // one value per batch row
static_assert(std::is_same_v<detail::var_with_extents<"X", 2, 1, 4, batch_axis::rows>::type, var<"X", batch, 4>>);
// broadcasting: a vector or a scalar meets the batch, a static number of rows does not
static_assert(broadcast(X.shape, shape{1, 1, 4}) == rows_of_4);
static_assert(broadcast(shape{}, X.shape) == rows_of_4);
static_assert(broadcast(X.shape, shape{2, 1, 4}) == rows_of_4);  // a 1 x 4 row
static_assert(broadcast(X.shape, shape{2, 1, 1, batch_axis::rows}) == rows_of_4);  // a batched column
static_assert(broadcast(X.shape, shape{2, 3, 4}).rank < 0);
static_assert(broadcast(X.shape, shape{2, 1, 4, batch_axis::cols}).rank < 0);  // rows and columns both the batch
// products, transposes and reductions
static_assert(shape_of_expression(matmul(X, transpose(W)) + b) == shape{2, 1, 3, batch_axis::rows});
static_assert(shape_of_expression(transpose(X)) == shape{2, 4, 1, batch_axis::cols});
static_assert(shape_of_expression(matmul(transpose(X), X)) == shape{2, 4, 4});  // over the batch: static
static_assert(shape_of_expression(nn::softmax_cross_entropy(matmul(X, transpose(W)), Y)) == shape{1, 1, 1, batch_axis::cols});
static_assert(shape_of_expression(sum<0>(X)) == shape{1, 1, 4});
static_assert(shape_of_expression(sum<1>(X)) == shape{1, 1, 1, batch_axis::cols});
static_assert(shape_of_expression(sum<1, keepdims>(X)) == shape{2, 1, 1, batch_axis::rows});
static_assert(shape_of_expression(mean(X)) == shape{});
static_assert(shape_of_expression(mean<1>(X)) == shape{1, 1, 1, batch_axis::cols});  // over a static axis

// a batched network's loss and gradient in constant evaluation, against the same static batch
inline constexpr auto loss = [](auto x, auto y) { return mean(nn::softmax_cross_entropy(matmul(tanh(x), transpose(W)) + b, y)); };
inline constexpr std::array<double, 8> x_values{0.5, -1.0, 2.0, 0.25, -0.5, 1.5, 0.0, -2.0};
inline constexpr std::array<double, 6> y_values{1.0, 0.0, 0.0, 0.0, 0.0, 1.0};
inline constexpr std::array<double, 12> w_values{0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, 1.0, -1.1, 1.2};
inline constexpr std::array<double, 3> b_values{0.05, -0.05, 0.1};
constexpr auto batched = value_and_grad(loss(X, Y), wrt(W, b), at(X = x_values, Y = y_values, W = w_values, b = b_values));
constexpr auto fixed = value_and_grad(loss(var<"X", 2, 4>{}, var<"Y", 2, 3>{}), wrt(W, b),
                                      at(var<"X", 2, 4>{} = x_values, var<"Y", 2, 3>{} = y_values, W = w_values, b = b_values));
static_assert(batched.value == fixed.value && batched.value > 0.5);
static_assert(batched.grad[W](0, 0) == fixed.grad[W](0, 0) && batched.grad[W](2, 3) == fixed.grad[W](2, 3));
static_assert(batched.grad[b](1) == fixed.grad[b](1));
}  // namespace batch_shapes
