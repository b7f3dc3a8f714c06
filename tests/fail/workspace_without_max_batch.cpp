// A workspace for a loss with the run-time batch needs the largest batch it will see.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 4> X;
constexpr var<"W", 3, 4> W;
int main() {
    auto ws = make_workspace<float>(mean(matmul(X, transpose(W))), wrt(W));
    (void)ws;
}
