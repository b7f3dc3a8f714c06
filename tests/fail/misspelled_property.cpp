// An optional property spelled wrong does not silently fall back to its default: the
// designated initializer names a member op_properties does not have.
#include <ctgrad/ctgrad.hpp>
using namespace ctgrad;
struct twice : ops::function_print<"twice", "\\operatorname{twice}"> {
    static constexpr op_properties properties{.reverse_read = {0}};
    template <class T> static constexpr T value(T a) { return a + a; }
    template <class T> static constexpr T backward(T, T, T adj) { return adj + adj; }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto&) { return constant<2>{}; }
};
int main() { return twice::properties.zero_derivative; }
