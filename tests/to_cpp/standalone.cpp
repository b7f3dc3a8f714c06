// The emitted code on its own: this file is compiled without ctgrad on the include path,
// in double and in float, and prints the seed's gradient.
#include <cstdio>

#include "generated.hpp"

int main() {
    // seed_q1b's inputs in the order its comment lists: a, c, x1, e, x2, b, d, f
    const double in[] = {1.0, 4.0, 1.0, 2.0, -1.0, 1.0, 1.0, 2.0};
    double value = 0, grad[6] = {};
    generated::seed_q1b<double>(in, &value, grad);
    std::printf("y = %.17g\ndy/da = %.17g\ndy/db = %g\ndy/dc = %.17g\n", value, grad[0], grad[1], grad[2]);
    float inf[8], valuef = 0, gradf[6] = {};
    for (int i = 0; i < 8; ++i) inf[i] = static_cast<float>(in[i]);
    generated::seed_q1b<float>(inf, &valuef, gradf);
    std::printf("float: dy/da = %.7g\n", static_cast<double>(gradf[0]));
}
