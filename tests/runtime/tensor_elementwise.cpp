// Elementwise operations on tensors: every unary operation at shapes 1x1, 1xn, nx1, 3x4 and on
// a vector, and every binary one with NumPy broadcasting in each direction, checked element by
// element against finite differences (f = sum(R * op(...)) with random weights R, so that
// every element's adjoint differs). Each operation has its index in the grid of operations
// and shapes that CI's builds share (in_grid, tests/tensor_support.hpp).
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

TEST_CASE("elementwise unary operations on tensors", "[tensor]") {
    every_shape<0>([](auto a) { return exp(a); }, "exp");
    every_shape<1>([](auto a) { return log(a); }, "log", 0.2, 3.0);
    every_shape<2>([](auto a) { return sqrt(a); }, "sqrt", 0.2, 3.0);
    every_shape<3>([](auto a) { return sigmoid(a); }, "sigmoid");
    every_shape<4>([](auto a) { return relu(a); }, "relu");
    every_shape<5>([](auto a) { return tanh(a); }, "tanh");
    every_shape<6>([](auto a) { return softplus(a); }, "softplus");
    every_shape<7>([](auto a) { return log_sigmoid(a); }, "log_sigmoid");
    every_shape<8>([](auto a) { return square(a); }, "square");
    every_shape<9>([](auto a) { return abs(a); }, "abs");
    every_shape<10>([](auto a) { return sin(a); }, "sin");
    every_shape<11>([](auto a) { return cos(a); }, "cos");
    every_shape<12>([](auto a) { return erf(a); }, "erf");
    every_shape<13>([](auto a) { return -a; }, "neg");
    every_shape<14>([](auto a) { return nn::gelu(a); }, "gelu");
    every_shape<15>([](auto a) { return pow(a, constant<3>{}); }, "cube");
}
