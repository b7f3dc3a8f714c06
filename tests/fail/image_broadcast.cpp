// Rank 3 and 4 broadcast against an equal shape or a scalar only.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"A", 2, 3, 4> A;
constexpr var<"v", 4> v;
int main() {
    auto s = A + v;
    (void)s;
}
