// A point binds W as (2 x 3); the expression uses W as (3 x 2).
#include <array>

#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"W", 2, 3> A;
constexpr var<"W", 3, 2> B;
int main() {
    std::array<double, 6> w{1, 2, 3, 4, 5, 6};
    return static_cast<int>(eval(sum(B), at(A = w)));
}
