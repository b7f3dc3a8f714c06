// wrt() listing a variable with the run-time batch: data, not a parameter.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 4> X;
constexpr var<"W", 3, 4> W;
int main() {
    const auto list = wrt(W, X);
    (void)list;
}
