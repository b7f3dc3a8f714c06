// r.grad[x] for an x that is not in wrt(...): one line naming x (clang++ printed 91 lines of
// std::get candidates).
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
constexpr var<"y"> y;
int main() {
    auto r = value_and_grad(x * y, wrt(y), at(x = 2.0, y = 3.0));
    return static_cast<int>(r.grad[x]);
}
