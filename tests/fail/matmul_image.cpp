// A product of an image batch: matmul takes vectors and matrices; flatten the images first.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 1, 28, 28> X;
constexpr var<"W", 784, 10> W;
int main() {
    auto z = matmul(X, W);
    (void)z;
}
