// diff with respect to an expression that is not a variable.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
int main() {
    auto d = diff(x * x, 2.0 * x);
    (void)d;
}
