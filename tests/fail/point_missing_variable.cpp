// Reading a point's value for a variable it does not bind: p[w1] with only x bound.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
constexpr var<"w1"> w1;
int main() {
    const auto p = at(x = 1.0);
    return static_cast<int>(p[w1]);
}
