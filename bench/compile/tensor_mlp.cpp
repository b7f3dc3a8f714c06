// Compile-time benchmark input: a tensor MLP IN-HIDDEN-OUT on a batch of BATCH (sigmoid hidden
// layer, softmax cross-entropy), its gradient through a workspace. One variable per layer,
// so the program has the same handful of instructions whatever the sizes: the compile time
// should not grow with the weights (784-128-10 has 101,770). scripts/compile-curve.sh times it.
#include <cstdio>
#include <vector>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

constexpr var<"X", BATCH, IN> X;
constexpr var<"Y", BATCH, OUT> Y;
constexpr var<"W1", HIDDEN, IN> W1;
constexpr var<"b1", HIDDEN> b1;
constexpr var<"W2", OUT, HIDDEN> W2;
constexpr var<"b2", OUT> b2;
constexpr auto a1 = named<"a1">(sigmoid(matmul(X, transpose(W1)) + b1));
constexpr auto z2 = named<"z2">(matmul(a1, transpose(W2)) + b2);
constexpr auto loss = mean(nn::softmax_cross_entropy(z2, Y));

int main() {
    std::vector<float> x(BATCH * IN), y(BATCH * OUT, 0.0f), w1(HIDDEN * IN), bias1(HIDDEN, 0.0f), w2(OUT * HIDDEN),
        bias2(OUT, 0.0f);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = 0.001f * float(k % 255);
    for (std::size_t k = 0; k < w1.size(); ++k) w1[k] = 0.01f * float(int(k % 17) - 8);
    for (std::size_t k = 0; k < w2.size(); ++k) w2[k] = 0.01f * float(int(k % 13) - 6);
    for (std::size_t i = 0; i < BATCH; ++i) y[i * OUT + i % OUT] = 1.0f;
    auto ws = make_workspace<float>(loss, wrt(W1, b1, W2, b2));
    const float l = ws.value_and_grad(at(X = x, Y = y, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2));
    std::printf("loss %.6f, dLoss/db2(0) %.6f\n", double(l), double(ws.grad[b2](0)));
}
