// Compile-time benchmark input: value_and_grad of x_0 + x_1 + ... + x_{TERMS-1}, TERMS from -DTERMS=..
// (scripts/compile-curve.sh times it for growing TERMS).
#include <array>
#include <cstdio>
#include <utility>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

constexpr auto terms = []<std::size_t... I>(std::index_sequence<I...>) {
    return (indexed_var<"x", I>{} + ...);
}(std::make_index_sequence<TERMS>{});
constexpr auto variables = []<std::size_t... I>(std::index_sequence<I...>) {
    return wrt(indexed_var<"x", I>{}...);
}(std::make_index_sequence<TERMS>{});

int main(int argc, char**) {
    std::array<double, TERMS> v{};
    for (std::size_t i = 0; i < TERMS; ++i) v[i] = 0.5 + 0.001 * double(i) + 0.0 * argc;
    auto r = value_and_grad(terms, variables, at(variables, v));
    double sum = 0;
    for (double g : r.grad) sum += g;
    std::printf("%d terms: value %.17g, gradient sum %.17g\n", TERMS, r.value, sum);
    return sum == TERMS ? 0 : 1;
}
