// reshape to extents of another number of elements: 24 into 5 x 5.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"A", 2, 3, 4> A;
int main() {
    auto r = reshape<5, 5>(A);
    (void)r;
}
