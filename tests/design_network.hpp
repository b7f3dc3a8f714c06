// tests/design_network.hpp - DESIGN.md's two-layer network (784-128-10, batch 64, sigmoid hidden
// layer, mean softmax cross-entropy), written once for the tests that print, evaluate and
// differentiate it.
#pragma once
#include <ctgrad/ctgrad.hpp>

namespace design_network {
using namespace ctgrad;
inline constexpr var<"X", 64, 784> X;
inline constexpr var<"Y", 64, 10> Y;
inline constexpr var<"W1", 128, 784> W1;
inline constexpr var<"b1", 128> b1;
inline constexpr var<"W2", 10, 128> W2;
inline constexpr var<"b2", 10> b2;
inline constexpr auto a1 = named<"a1">(sigmoid(matmul(X, transpose(W1)) + b1));
inline constexpr auto z2 = named<"z2">(matmul(a1, transpose(W2)) + b2);
inline constexpr auto loss = mean(nn::softmax_cross_entropy(z2, Y));
}  // namespace design_network
