// One name, two shapes in one expression: W as (2 x 3) and as (3 x 2). Before, the point bound
// six numbers for both and the product read past them (issue 23: 60 where PyTorch gives 163).
#include <array>

#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"W", 2, 3> A;
constexpr var<"W", 3, 2> B;
int main() {
    std::array<double, 6> w{1, 2, 3, 4, 5, 6};
    return static_cast<int>(eval(sum(matmul(A, B)), at(A = w)));
}
