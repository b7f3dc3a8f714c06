// A point over a buffer of run-time size: at(wrt(...), span) needs the extent at compile time.
#include <span>
#include <vector>

#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
constexpr var<"y"> y;
int main() {
    const std::vector<double> buffer{1.0, 2.0};
    const auto p = at(wrt(x, y), std::span<const double>(buffer));
    return static_cast<int>(eval(x * y, p));
}
