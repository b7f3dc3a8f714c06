// A downstream program: the seed's Q1(b) gradient through an installed or embedded ctgrad.
#include <cstdio>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;
constexpr var<"x1"> x1;
constexpr var<"x2"> x2;
constexpr var<"a"> a;
constexpr var<"c"> c;
constexpr var<"e"> e;

int main() {
    constexpr auto y = sigmoid(a * relu(c * x1 + e * x2));
    constexpr auto r = value_and_grad(y, wrt(a, c, e), at(x1 = 1.0, x2 = -1.0, a = 1.0, c = 4.0, e = 2.0));
    static_assert(r.grad[a] > 0.2099 && r.grad[a] < 0.2100);
    std::printf("consumer ok %.6f\n", r.grad[a]);
}
