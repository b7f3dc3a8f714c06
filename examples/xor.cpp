// A 2-2-1 sigmoid network trained on XOR by gradient descent with value_and_grad.
#include <array>
#include <cstdio>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

using namespace ctgrad;

constexpr auto inputs = nn::inputs<"x", 2>();
constexpr auto hidden = nn::dense<"w1", "b1", 2>(inputs, nn::act::sigmoid{});
constexpr auto output = nn::dense<"w2", "b2", 1>(hidden, nn::act::sigmoid{});
constexpr auto target = nn::inputs<"t", 1>();
constexpr auto loss = nn::mse(output, target);
constexpr auto prediction = boost::hana::at_c<0>(output);
constexpr auto params = nn::dense_parameters<"w1", "b1", 2, 2>() + nn::dense_parameters<"w2", "b2", 1, 2>();
constexpr auto data_vars = wrt(indexed_var<"x", 0>{}, indexed_var<"x", 1>{}, indexed_var<"t", 0>{});
constexpr std::size_t n = decltype(params)::size;

int main() {
    std::array<double, n> w{0.5, -0.4, -0.3, 0.6, 0.1, -0.1, 0.7, -0.8, 0.05};  // fixed start: reproducible
    const double data[4][3] = {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
    auto point = [&](const double* row) {
        std::array<double, n + 3> v{};
        for (std::size_t i = 0; i < n; ++i) v[i] = w[i];
        v[n] = row[0];
        v[n + 1] = row[1];
        v[n + 2] = row[2];
        return at(params + data_vars, v);
    };
    const double alpha = 2.0;
    for (int epoch = 0; epoch <= 5000; ++epoch) {
        std::array<double, n> g{};
        double total = 0;
        for (const auto& row : data) {
            auto r = value_and_grad(loss, params, point(row));
            total += r.value;
            for (std::size_t i = 0; i < n; ++i) g[i] += r.grad[i];
        }
        for (std::size_t i = 0; i < n; ++i) w[i] -= alpha * g[i];
        if (epoch % 1000 == 0) std::printf("epoch %4d  loss %.6f\n", epoch, total);
    }
    int correct = 0;
    for (const auto& row : data) {
        double out = eval(prediction, point(row));
        correct += (out > 0.5) == (row[2] > 0.5);
        std::printf("  xor(%g, %g) = %.4f (target %g)\n", row[0], row[1], out, row[2]);
    }
    std::printf("accuracy %d/4\n", correct);
    return correct == 4 ? 0 : 1;
}
