// The run-time batch is the first extent of a broadcast at rank 3 and 4: a (batch x 4) matrix
// aligned at the last axis of a (batch x 3 x 4) tensor would put its batch on axis 1.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 3, 4> X;
constexpr var<"Y", batch, 4> Y;
int main() {
    auto s = X + Y;
    (void)s;
}
