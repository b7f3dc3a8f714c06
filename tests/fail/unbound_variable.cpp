// eval of an expression whose variable w1 has no value in the point.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
constexpr var<"w1"> w1;
int main() { return static_cast<int>(eval(w1 * x, at(x = 1.0))); }
