// A std::string as an operand.
#include <string>
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
int main() {
    auto e = x + std::string("1");
    (void)e;
}
