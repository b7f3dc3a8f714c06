// A tensor variable bound to a std::vector that dies at the end of the statement: the point
// would read freed memory.
#include <vector>

#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"W", 2, 3> W;
int main() {
    auto p = at(W = std::vector<double>{1, 2, 3, 4, 5, 6});
    return eval(sum(W), p) > 0;
}
