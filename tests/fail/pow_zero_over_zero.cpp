// pow with the exact exponent 0/0.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
int main() {
    auto e = pow(x, constant<0, 0>{});
    (void)e;
}
