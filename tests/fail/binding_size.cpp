// A (2 x 3) variable bound to a std::array of 5 elements.
#include <array>

#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"W", 2, 3> W;
int main() {
    std::array<double, 5> w{};
    auto p = at(W = w);
    (void)p;
}
