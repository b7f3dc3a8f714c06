// An operation that leaves out a required member (here backward) is rejected where a node
// of it is first used, with one line naming the protocol.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
struct cube : ops::function_print<"cube", "\\operatorname{cube}"> {
    template <class T> static constexpr T value(T a) { return a * a * a; }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) { return detail::make_mul(constant<3>{}, square(a)); }
};
int main() {
    constexpr auto e = node<cube, var<"x">>(x);
    return static_cast<int>(eval(e, at(x = 2.0)));
}
