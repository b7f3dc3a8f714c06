// diff of a mean over the run-time batch: 1 / batch is not an expression.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 4> X;
constexpr var<"W", 3, 4> W;
int main() {
    auto d = diff(mean(matmul(X, transpose(W))), W);
    (void)d;
}
