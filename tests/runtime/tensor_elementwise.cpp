// Elementwise operations on tensors: every unary operation at shapes 1x1, 1xn, nx1, 3x4 and on
// a vector, and every binary one with NumPy broadcasting in each direction, checked element by
// element against finite differences (f = sum(R * op(...)) with random weights R, so that
// every element's adjoint differs).
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
constexpr shape one_by_one{2, 1, 1}, row{2, 1, 5}, column{2, 4, 1}, matrix{2, 3, 4}, vector4{1, 1, 4};

template <shape S, class Op>
void unary_case(Op op, const char* name, double lo, double hi, unsigned seed) {
    constexpr shaped_var<"A", S> A;
    constexpr shaped_var<"R", S> R;
    auto a = random_values(S.size(), lo, hi, seed), w = random_values(S.size(), -1.5, 1.5, seed + 1);
    check_gradient(sum(R * op(A)), std::string(name) + " " + shape_string(S), with(A, a), with(R, w));
}

template <class Op>
void every_shape(Op op, const char* name, double lo = -2.0, double hi = 2.0) {
    unary_case<one_by_one>(op, name, lo, hi, 1);
    unary_case<row>(op, name, lo, hi, 2);
    unary_case<column>(op, name, lo, hi, 3);
    unary_case<matrix>(op, name, lo, hi, 4);
    unary_case<vector4>(op, name, lo, hi, 5);
}
}  // namespace

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
