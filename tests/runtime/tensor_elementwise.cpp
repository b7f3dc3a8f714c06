// Elementwise operations on tensors: every unary operation at shapes 1x1, 1xn, nx1, 3x4 and on
// a vector, and every binary one with NumPy broadcasting in each direction, checked element by
// element against finite differences (f = sum(R * op(...)) with random weights R, so that
// every element's adjoint differs).
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

TEST_CASE("elementwise unary operations on tensors", "[tensor]") {
    every_shape([](auto a) { return exp(a); }, "exp");
    every_shape([](auto a) { return log(a); }, "log", 0.2, 3.0);
    every_shape([](auto a) { return sqrt(a); }, "sqrt", 0.2, 3.0);
    every_shape([](auto a) { return sigmoid(a); }, "sigmoid");
    every_shape([](auto a) { return relu(a); }, "relu");
    every_shape([](auto a) { return tanh(a); }, "tanh");
    every_shape([](auto a) { return softplus(a); }, "softplus");
    every_shape([](auto a) { return log_sigmoid(a); }, "log_sigmoid");
    every_shape([](auto a) { return square(a); }, "square");
    every_shape([](auto a) { return abs(a); }, "abs");
    every_shape([](auto a) { return sin(a); }, "sin");
    every_shape([](auto a) { return cos(a); }, "cos");
    every_shape([](auto a) { return erf(a); }, "erf");
    every_shape([](auto a) { return -a; }, "neg");
    every_shape([](auto a) { return nn::gelu(a); }, "gelu");
    every_shape([](auto a) { return pow(a, constant<3>{}); }, "cube");
}
