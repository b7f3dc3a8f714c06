// Rank 3 and 4 broadcast as NumPy does, extents aligned at the last axis: (2 x 3 x 4) and (3)
// do not (4 against 3).
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"A", 2, 3, 4> A;
constexpr var<"v", 3> v;
int main() {
    auto s = A + v;
    (void)s;
}
