// Optimizers against updates computed by hand from torch.optim's formulas: f = 1/2 sum(W^2) +
// 3 sum(b), so dW = W and db = 3, for two steps of SGD (plain, momentum, Nesterov, weight
// decay) and Adam; parameters are updated in place, through the storage the point binds.
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>
#include <ctgrad/ctgrad.hpp>

#include "../support.hpp"

using namespace ctgrad;
using ctgrad_test::close;

namespace {
constexpr var<"W", 2, 2> W;
constexpr var<"b", 3> b;
constexpr auto f = constant<1, 2>{} * sum(square(W)) + constant<3>{} * sum(b);
const std::vector<double> w0{1.0, -2.0, 3.0, 0.5};

template <class Optimizer>
void two_steps(Optimizer& opt, std::vector<double>& w, std::vector<double>& bias) {
    auto ws = make_workspace<double>(f, wrt(W, b));
    for (int step = 0; step < 2; ++step) {
        ws.value_and_grad(at(W = w, b = bias));
        opt.step(ws);
    }
}
}  // namespace

TEST_CASE("SGD: plain, momentum, Nesterov, weight decay", "[optim]") {
    auto run = [](optim::sgd_options options) {
        std::vector<double> w = w0, bias{0.0, 1.0, -1.0};
        optim::sgd opt(options, optim::param(W, w), optim::param(b, bias));
        two_steps(opt, w, bias);
        CHECK(opt.steps() == 2);
        return std::pair{w, bias};
    };
    {  // p <- p - lr g, twice: (1 - lr)^2 W, b - 2 lr 3
        auto [w, bias] = run({.lr = 0.1});
        for (std::size_t k = 0; k < 4; ++k) CHECK(close(w[k], 0.81 * w0[k], 1e-15));
        CHECK(close(bias[1], 1.0 - 0.6, 1e-15));
    }
    {  // buffer = g, then 0.9 buffer + g: W (1 - 0.1) then 0.9 W - 0.1 (0.9 W + 0.9 W) = 0.72 W
        auto [w, bias] = run({.lr = 0.1, .momentum = 0.9});
        for (std::size_t k = 0; k < 4; ++k) CHECK(close(w[k], 0.72 * w0[k], 1e-15));
        CHECK(close(bias[0], -0.3 - 0.1 * (0.9 * 3 + 3), 1e-15));
    }
    {  // Nesterov: g + 0.9 buffer: 0.81 W, then 0.81 W - 0.1 (0.81 + 0.9 (0.9 + 0.81)) W
        auto [w, bias] = run({.lr = 0.1, .momentum = 0.9, .nesterov = true});
        for (std::size_t k = 0; k < 4; ++k) CHECK(close(w[k], (0.81 - 0.1 * (0.81 + 0.9 * 1.71)) * w0[k], 1e-14));
    }
    {  // weight decay 0.1: g = 1.1 W: (1 - 0.11)^2 W
        auto [w, bias] = run({.lr = 0.1, .weight_decay = 0.1});
        for (std::size_t k = 0; k < 4; ++k) CHECK(close(w[k], 0.89 * 0.89 * w0[k], 1e-15));
    }
}

TEST_CASE("Adam, two steps", "[optim]") {
    std::vector<double> w = w0, bias{0.0, 1.0, -1.0};
    optim::adam opt({.lr = 0.1}, optim::param(W, w), optim::param(b, bias));
    two_steps(opt, w, bias);
    // by hand, element by element: g = p (W) or 3 (b)
    auto adam_two_steps = [](double p, bool is_bias) {
        double m = 0, v = 0;
        for (int t = 1; t <= 2; ++t) {
            const double g = is_bias ? 3.0 : p;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            const double m_hat = m / (1 - std::pow(0.9, t)), v_hat = v / (1 - std::pow(0.999, t));
            p -= 0.1 * m_hat / (std::sqrt(v_hat) + 1e-8);
        }
        return p;
    };
    for (std::size_t k = 0; k < 4; ++k) CHECK(close(w[k], adam_two_steps(w0[k], false), 1e-13));
    CHECK(close(bias[2], adam_two_steps(-1.0, true), 1e-13));
    CHECK(std::fabs(w[0] - (1.0 - 0.2)) < 1e-2);  // each of the first steps moves a weight by about lr
}

TEST_CASE("a parameter's storage must have its variable's size", "[optim]") {
    std::vector<double> short_storage(3);
    CHECK_THROWS_WITH(optim::param(W, short_storage), "ctgrad::optim::param: W is (2 x 2), the storage has 3 elements");
}
