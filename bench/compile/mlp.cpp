// Compile-time benchmark input: value_and_grad of a scalar MLP In-Hidden-Out (sigmoid
// hidden layer, linear output, mse loss), one variable per weight and bias.
// Sizes come from -DIN=.. -DHIDDEN=.. -DOUT=..; scripts/compile-curve.sh times it.
#include <array>
#include <cstdio>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

using namespace ctgrad;

constexpr auto inputs = nn::inputs<"x", IN>();
constexpr auto hidden = nn::dense<"w1", "b1", HIDDEN>(inputs, nn::act::sigmoid{});
constexpr auto output = nn::dense<"w2", "b2", OUT>(hidden, nn::act::identity{});
constexpr auto loss = nn::mse(output, nn::inputs<"t", OUT>());
constexpr auto params = nn::dense_parameters<"w1", "b1", HIDDEN, IN>() + nn::dense_parameters<"w2", "b2", OUT, HIDDEN>();
constexpr auto data = []<std::size_t... I, std::size_t... K>(std::index_sequence<I...>, std::index_sequence<K...>) {
    return wrt(indexed_var<"x", I>{}..., indexed_var<"t", K>{}...);
}(std::make_index_sequence<IN>{}, std::make_index_sequence<OUT>{});

int main(int argc, char**) {
    std::array<double, decltype(params + data)::size> v{};
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.01 * double((i * 37) % 17) - 0.08 + 0.0 * argc;
    auto r = value_and_grad(loss, params, at(params + data, v));
    double sum = 0;
    for (double g : r.grad) sum += g;
    std::printf("%zu parameters, loss %.17g, gradient sum %.17g\n", r.grad.size(), r.value, sum);
}
