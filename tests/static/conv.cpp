// Convolution in constant evaluation: values (with padding and stride 2, through im2col's
// zero-padded plane) and both VJPs, exact in small integers.
#include <array>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

namespace static_conv {
inline constexpr var<"X", 1, 1, 3, 3> X;  // 1 .. 9, row by row
inline constexpr var<"K", 1, 1, 2, 2> K;  // 1 2 / 3 4
inline constexpr std::array<double, 9> x_values{1, 2, 3, 4, 5, 6, 7, 8, 9};
inline constexpr std::array<double, 4> k_values{1, 2, 3, 4};
inline constexpr auto p = at(X = x_values, K = k_values);
}  // namespace static_conv

// no padding: 2 x 2, y[0][0] = 1 + 2 * 2 + 3 * 4 + 4 * 5
constexpr auto valid = eval(nn::conv2d(static_conv::X, static_conv::K), static_conv::p);
static_assert(valid.data()[0] == 37 && valid.data()[1] == 47 && valid.data()[2] == 67 && valid.data()[3] == 77);
// padding 1: 4 x 4, the corners see one pixel each
constexpr auto padded = eval(nn::conv2d<1, 1>(static_conv::X, static_conv::K), static_conv::p);
static_assert(padded.data()[0] == 4 * 1 && padded.data()[3] == 3 * 3 && padded.data()[12] == 2 * 7 && padded.data()[15] == 9);
static_assert(padded.data()[5] == 37);
// stride 2, padding 1: 2 x 2
constexpr auto strided = eval(nn::conv2d<2, 1>(static_conv::X, static_conv::K), static_conv::p);
static_assert(strided.data()[0] == 4 && strided.data()[1] == 18 && strided.data()[2] == 36 && strided.data()[3] == 77);

// d/dK sum(conv) = the sum of X over each kernel offset's window; d/dX = how many windows
// cover a pixel with which weight (the centre: every one, 1 + 2 + 3 + 4)
constexpr auto g = value_and_grad(sum(nn::conv2d(static_conv::X, static_conv::K)), wrt(static_conv::X, static_conv::K),
                                  static_conv::p);
static_assert(g.value == 37 + 47 + 67 + 77);
static_assert(g.grad.data(static_conv::K)[0] == 1 + 2 + 4 + 5 && g.grad.data(static_conv::K)[3] == 5 + 6 + 8 + 9);
static_assert(g.grad.data(static_conv::X)[4] == 10 && g.grad.data(static_conv::X)[0] == 1 && g.grad.data(static_conv::X)[8] == 4);
static_assert(g.grad.data(static_conv::X)[1] == 1 + 2);
