// explain with respect to an expression that is not a variable.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
int main() {
    auto text = explain(sigmoid(x), 2.0 * x, at(x = 1.0));
    (void)text;
}
