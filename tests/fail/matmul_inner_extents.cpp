// matmul of a (3 x 4) by a (3 x 4) matrix: the inner extents differ.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"A", 3, 4> A;
constexpr var<"B", 3, 4> B;
int main() {
    auto product = matmul(A, B);
    (void)product;
}
