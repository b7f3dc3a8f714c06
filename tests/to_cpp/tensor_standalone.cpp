// The emitted tensor code on its own: compiled as C++11 without ctgrad or Eigen on the include
// path. DESIGN.md's network with every weight zero predicts 1/10 for each class: the loss is
// log 10, and d/db2 is 1/10 minus each class's share of the labels.
#include <cstddef>
#include <cstdio>
#include <vector>

#include "tensor_generated.hpp"

int main() {
    // in[] in the order the generated comment lists (first use in the program): b2 (10), b1
    // (128), X (64 x 784), W1 (128 x 784), W2 (10 x 128), Y (64 x 10); all zero but Y
    std::vector<double> in(10 + 128 + 64 * 784 + 128 * 784 + 10 * 128 + 64 * 10, 0.0),
        grad(128 * 784 + 128 + 10 * 128 + 10);
    const std::size_t y = 10 + 128 + 64 * 784 + 128 * 784 + 10 * 128;
    for (std::size_t i = 0; i < 64; ++i) in[y + i * 10 + i % 8] = 1.0;  // labels 0..7 only
    double value = 0;
    tensor_generated::design_network<double>(&in[0], &value, &grad[0]);
    const double* db2 = &grad[128 * 784 + 128 + 10 * 128];
    std::printf("loss = %.15g\nd/db2[0] = %.12g\nd/db2[9] = %.12g\n", value, db2[0], db2[9]);
}
