// to_cpp of an operation that has no C++ rules (no `cpp` member): it works everywhere else,
// and to_cpp says what is missing.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
constexpr var<"x"> x;
struct twice : ops::function_print<"twice", "\\operatorname{twice}"> {
    template <class T> static constexpr T value(T a) { return a + a; }
    template <class T> static constexpr T backward(T, T, T adj) { return adj + adj; }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto&) { return constant<2>{}; }
};
int main() {
    constexpr auto f = node<twice, var<"x">>(x);
    static_assert(value_and_grad(f, wrt(x), at(x = 1.0)).grad[x] == 2.0);
    return static_cast<int>(to_cpp(f, wrt(x), "twice_grad").size());
}
