// tests/seed_networks.hpp - the seed's networks, written once for the tests and benchmarks
// (the examples spell them out again on purpose: each example reads on its own).
#pragma once
#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

/// Q1(b): y = sigmoid(a relu(c x1 + e x2)) + sigmoid(b relu(d x1 + f x2)), at the seed's point.
namespace seed_q1b {
using namespace ctgrad;
inline constexpr var<"x1"> x1;
inline constexpr var<"x2"> x2;
inline constexpr var<"a"> a;
inline constexpr var<"b"> b;
inline constexpr var<"c"> c;
inline constexpr var<"d"> d;
inline constexpr var<"e"> e;
inline constexpr var<"f"> f;
inline constexpr auto r1 = relu(c * x1 + e * x2);
inline constexpr auto r2 = relu(d * x1 + f * x2);
inline constexpr auto s1 = sigmoid(a * r1);
inline constexpr auto s2 = sigmoid(b * r2);
inline constexpr auto y = s1 + s2;
inline constexpr auto p = at(x1 = 1.0, x2 = -1.0, a = 1.0, b = 1.0, c = 4.0, d = 1.0, e = 2.0, f = 2.0);
}  // namespace seed_q1b

/// Q1(b) with its intermediates named as the seed names them (r1, r2, s1, s2, y), so that
/// derivatives and explanations read in forward-pass values.
namespace seed_q1b_named {
using namespace ctgrad;
using seed_q1b::x1, seed_q1b::x2, seed_q1b::a, seed_q1b::b, seed_q1b::c, seed_q1b::d, seed_q1b::e, seed_q1b::f, seed_q1b::p;
inline constexpr auto r1 = named<"r1">(relu(c * x1 + e * x2));
inline constexpr auto r2 = named<"r2">(relu(d * x1 + f * x2));
inline constexpr auto s1 = named<"s1">(sigmoid(a * r1));
inline constexpr auto s2 = named<"s2">(sigmoid(b * r2));
inline constexpr auto y = named<"y">(s1 + s2);
}  // namespace seed_q1b_named

/// Q2: x -> z1 = x w1 -> a1 = sigmoid(z1) -> z2 = a1 w2 -> a2 = sigmoid(z2), Loss = 1/2 (a2 - y)^2.
namespace seed_q2 {
using namespace ctgrad;
inline constexpr var<"x"> x;
inline constexpr var<"y"> y;
inline constexpr var<"w1"> w1;
inline constexpr var<"w2"> w2;
inline constexpr auto z1 = x * w1;
inline constexpr auto a1 = named<"a1">(sigmoid(z1));
inline constexpr auto z2 = a1 * w2;
inline constexpr auto a2 = named<"a2">(sigmoid(z2));
inline constexpr auto loss = nn::mse(a2, y);
}  // namespace seed_q2
