// wrt() listing one variable twice.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
constexpr var<"y"> y;
int main() { return static_cast<int>(value_and_grad(x * y, wrt(x, y, x), at(x = 1.0, y = 2.0)).value); }
