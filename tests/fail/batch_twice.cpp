// X X^T of a batch: both extents of the product would be the run-time batch.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 4> X;
int main() {
    auto gram = matmul(X, transpose(X));
    (void)gram;
}
