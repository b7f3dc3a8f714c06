// A convolution whose kernel expects 1 channel, over images of 3.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"X", batch, 3, 8, 8> X;
constexpr var<"K", 4, 1, 3, 3> K;
int main() {
    auto y = nn::conv2d(X, K);
    (void)y;
}
