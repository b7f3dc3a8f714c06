// Sums along an axis of rank 3 in constant evaluation: values, and gradients whose adjoint is
// repeated along the axis (broadcast_to), exact in small integers.
#include <array>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

namespace axis_sums {
inline constexpr var<"T", 2, 2, 3> T;  // T[n][c][p] = 100 n + 10 c + p
inline constexpr var<"R", 2, 3> R;
inline constexpr std::array<double, 12> t_values{0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112};
inline constexpr std::array<double, 6> r_values{1, 2, 3, 4, 5, 6};
inline constexpr auto p = at(T = t_values, R = r_values);
}  // namespace axis_sums

// sum<1>: over the channels, (2 x 3); sum<2, keepdims>: over the pixels, (2 x 2 x 1)
constexpr auto over_channels = eval(sum<1>(axis_sums::T), axis_sums::p);
static_assert(over_channels(0, 0) == 10 && over_channels(0, 2) == 14 && over_channels(1, 1) == 212);
constexpr auto over_pixels = eval(sum<2, keepdims>(axis_sums::T), axis_sums::p);
static_assert(over_pixels.data()[0] == 3 && over_pixels.data()[1] == 33 && over_pixels.data()[3] == 333);
static_assert(eval(sum(mean<0>(axis_sums::T)), axis_sums::p) == 6 * 50 + (0 + 1 + 2 + 10 + 11 + 12));

// d/dT sum(R * sum<1>(T)) = R repeated along axis 1; d/dR = sum<1>(T)
constexpr auto r = value_and_grad(sum(axis_sums::R * sum<1>(axis_sums::T)), wrt(axis_sums::T, axis_sums::R), axis_sums::p);
static_assert(r.grad.data(axis_sums::T)[0] == 1 && r.grad.data(axis_sums::T)[3] == 1 && r.grad.data(axis_sums::T)[5] == 3);
static_assert(r.grad.data(axis_sums::T)[11] == 6 && r.grad.data(axis_sums::T)[8] == 6);
static_assert(r.grad.data(axis_sums::R)[4] == 212);
// the symbolic derivative, evaluated: the same repetition
constexpr auto symbolic = eval(diff(sum(axis_sums::R * sum<1>(axis_sums::T)), axis_sums::T), axis_sums::p);
static_assert(symbolic.data()[9] == 4 && symbolic.data()[2] == 3);
