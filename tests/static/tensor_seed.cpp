// Tensors in constant evaluation: the seed's Q1(b) written with a 2 x 2 weight matrix gives
// the scalar library's values and six partials, and small shapes are checked by static_assert.
#include <array>

#include <ctgrad/ctgrad.hpp>

#include "../seed_networks.hpp"

using namespace ctgrad;

namespace matrix_q1b {
inline constexpr var<"W", 2, 2> W;  // [[c, e], [d, f]]: row k holds hidden unit k's weights
inline constexpr var<"x", 2> x;     // (x1, x2)
inline constexpr var<"v", 2> v;     // (a, b), the output weights
inline constexpr auto h = relu(matmul(W, x));  // (r1, r2)
inline constexpr auto y = sum(sigmoid(v * h));  // s1 + s2
inline constexpr std::array<double, 4> w_values{4.0, 2.0, 1.0, 2.0};
inline constexpr std::array<double, 2> x_values{1.0, -1.0};
inline constexpr std::array<double, 2> v_values{1.0, 1.0};
inline constexpr auto p = at(W = w_values, x = x_values, v = v_values);
}  // namespace matrix_q1b

// forward values: exactly the scalar network's
constexpr auto hidden = eval(matrix_q1b::h, matrix_q1b::p);
static_assert(hidden(0) == eval(seed_q1b::r1, seed_q1b::p) && hidden(1) == eval(seed_q1b::r2, seed_q1b::p));
static_assert(eval(matrix_q1b::y, matrix_q1b::p) == eval(seed_q1b::y, seed_q1b::p));

// six partials: dy/dW = [[dy/dc, dy/de], [dy/dd, dy/df]], dy/dv = (dy/da, dy/db)
constexpr auto scalar = value_and_grad(seed_q1b::y, wrt(seed_q1b::a, seed_q1b::b, seed_q1b::c, seed_q1b::d, seed_q1b::e,
                                                        seed_q1b::f),
                                       seed_q1b::p);
constexpr auto matrix = value_and_grad(matrix_q1b::y, wrt(matrix_q1b::W, matrix_q1b::v), matrix_q1b::p);
static_assert(matrix.value == scalar.value);
static_assert(matrix.grad[matrix_q1b::W](0, 0) == scalar.grad[seed_q1b::c]);
static_assert(matrix.grad[matrix_q1b::W](0, 1) == scalar.grad[seed_q1b::e]);
static_assert(matrix.grad[matrix_q1b::W](1, 0) == scalar.grad[seed_q1b::d]);
static_assert(matrix.grad[matrix_q1b::W](1, 1) == scalar.grad[seed_q1b::f]);
static_assert(matrix.grad[matrix_q1b::v](0) == scalar.grad[seed_q1b::a]);
static_assert(matrix.grad[matrix_q1b::v](1) == scalar.grad[seed_q1b::b]);

// DESIGN.md's small example: d sum(W x) / dW(i, j) = x(j)
namespace small {
inline constexpr var<"W", 2, 3> W;
inline constexpr var<"x", 3> x;
inline constexpr std::array<double, 6> w_values{1, 2, 3, 4, 5, 6};
inline constexpr std::array<double, 3> x_values{1, 2, 3};
constexpr auto r = value_and_grad(sum(matmul(W, x)), wrt(W, x), at(W = w_values, x = x_values));
static_assert(r.value == 14 + 32);
static_assert(r.grad[W](0, 2) == 3.0 && r.grad[W](1, 0) == 1.0);
static_assert(r.grad[x](0) == 5.0 && r.grad[x](1) == 7.0 && r.grad[x](2) == 9.0);  // column sums of W

// shapes are types: matmul, transpose, broadcasting, reductions
static_assert(detail::shape_of<decltype(matmul(W, x))>() == shape{1, 1, 2});
static_assert(detail::shape_of<decltype(matmul(transpose(W), W))>() == shape{2, 3, 3});
static_assert(detail::shape_of<decltype(W + x)>() == shape{2, 2, 3});  // x broadcasts over W's rows
static_assert(detail::shape_of<decltype(sum<0>(W))>() == shape{1, 1, 3});
static_assert(detail::shape_of<decltype(sum<1>(W))>() == shape{1, 1, 2});
static_assert(detail::shape_of<decltype(mean(W))>() == shape{});
static_assert(std::is_same_v<decltype(transpose(transpose(W))), var<"W", 2, 3>>);  // transposes of transposes vanish
static_assert(sizeof(matmul(W, x)) == 1);  // an expression of variables holds nothing

// bias broadcast, sum<1>, mean and softmax cross-entropy, in constant evaluation
inline constexpr var<"b", 3> b;
inline constexpr std::array<double, 3> b_values{0.5, -0.5, 0.25};
inline constexpr var<"Y", 2, 3> Y;
inline constexpr std::array<double, 6> y_values{0, 0, 1, 1, 0, 0};
constexpr auto q = at(W = w_values, b = b_values, Y = y_values);
constexpr auto z = eval(W + b, q);
static_assert(z(0, 0) == 1.5 && z(1, 2) == 6.25);
static_assert(eval(sum<1>(W), q)(1) == 15.0 && eval(mean(W), q) == 3.5);
// d mean(CE(Z, Y)) / dZ = (softmax(Z) - Y) / rows, and a row of softmax sums to 1
constexpr auto ce = value_and_grad(mean(nn::softmax_cross_entropy(W + b, Y)), wrt(b), q);
constexpr auto s = eval(softmax(W + b), q);
static_assert(s(0, 0) + s(0, 1) + s(0, 2) > 1 - 1e-15 && s(0, 0) + s(0, 1) + s(0, 2) < 1 + 1e-15);
constexpr double db0 = (s(0, 0) - 0.0 + s(1, 0) - 1.0) / 2;  // mean over 2 rows of 1 loss each
static_assert(ce.grad[b](0) - db0 < 1e-15 && db0 - ce.grad[b](0) < 1e-15);
}  // namespace small

