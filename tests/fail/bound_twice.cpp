// at() binding one variable twice.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
int main() { return static_cast<int>(eval(x, at(x = 1.0, x = 2.0))); }
