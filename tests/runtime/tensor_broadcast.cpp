// Binary elementwise operations with NumPy broadcasting (a vector is a row; a scalar, a 1x1
// matrix, a row or a column stretches to the other operand), checked element by element
// against finite differences: an operand that was broadcast receives the sum of its shares.
#include <ctgrad/ctgrad.hpp>

#include "../tensor_support.hpp"

using namespace ctgrad;
using namespace ctgrad_test;

namespace {
constexpr shape matrix{2, 3, 4}, vector4{1, 1, 4}, scalar{}, one_by_one{2, 1, 1}, column3{2, 3, 1}, row4{2, 1, 4},
    row5{2, 1, 5}, column4{2, 4, 1};

/// op (index GridOp in the grid CI's builds share: in_grid, tests/tensor_support.hpp) at
/// every pair of shapes in this build's share.
template <int GridOp, class Op>
void every_broadcast(Op op, const char* name, double lo = -2.0, double hi = 2.0) {
    if constexpr (in_grid(GridOp, 0)) binary_case<matrix, matrix>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 1)) binary_case<matrix, vector4>(op, name, lo, hi, 11);     // a bias: the vector stretches over rows
    if constexpr (in_grid(GridOp, 2)) binary_case<vector4, matrix>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 3)) binary_case<matrix, scalar>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 4)) binary_case<scalar, matrix>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 5)) binary_case<matrix, one_by_one>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 6)) binary_case<matrix, column3>(op, name, lo, hi, 11);     // a column stretches over columns
    if constexpr (in_grid(GridOp, 7)) binary_case<column3, matrix>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 8)) binary_case<row4, column3>(op, name, lo, hi, 11);       // both stretch: 3 x 4
    if constexpr (in_grid(GridOp, 9)) binary_case<row5, row5>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 10)) binary_case<column4, column4>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 11)) binary_case<vector4, vector4>(op, name, lo, hi, 11);
    if constexpr (in_grid(GridOp, 12)) binary_case<vector4, scalar>(op, name, lo, hi, 11);
}
}  // namespace

TEST_CASE("a + b broadcasts", "[tensor]") { every_broadcast<0>([](auto a, auto b) { return a + b; }, "+"); }
TEST_CASE("a - b broadcasts", "[tensor]") { every_broadcast<1>([](auto a, auto b) { return a - b; }, "-"); }
TEST_CASE("a * b broadcasts", "[tensor]") { every_broadcast<2>([](auto a, auto b) { return a * b; }, "*"); }
TEST_CASE("a / b broadcasts", "[tensor]") { every_broadcast<3>([](auto a, auto b) { return a / b; }, "/", 0.5, 2.0); }
TEST_CASE("max and min broadcast", "[tensor]") {
    every_broadcast<4>([](auto a, auto b) { return max(a, b); }, "max");
    every_broadcast<5>([](auto a, auto b) { return min(a, b); }, "min");
}
TEST_CASE("pow and mse broadcast", "[tensor]") {
    every_broadcast<6>([](auto a, auto b) { return pow(a, b); }, "pow", 0.5, 2.0);
    every_broadcast<7>([](auto a, auto b) { return nn::mse(a, b); }, "mse");
}
