// A (3 x 4) matrix plus a vector of 3: a vector broadcasts over rows, so its length must be 4.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"A", 3, 4> A;
constexpr var<"b", 3> b;
int main() {
    auto biased = A + b;
    (void)biased;
}
