// A batch of rows plus a matrix of 3 static rows: the batch meets only itself, a vector or 1.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 4> X;
constexpr var<"A", 3, 4> A;
int main() {
    auto sum = X + A;
    (void)sum;
}
