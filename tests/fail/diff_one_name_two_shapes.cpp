// diff by W (2 x 3) of an expression that also uses W as (3 x 2): before, the (3 x 2) W counted
// as a constant and the derivative was silently wrong.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"W", 2, 3> A;
constexpr var<"W", 3, 2> B;
int main() {
    auto d = diff(sum(matmul(A, B)), A);
    (void)d;
}
