// The seed's Q2: x -> z1 = x w1 -> a1 = sigmoid(z1) -> z2 = a1 w2 -> a2 = sigmoid(z2),
// Loss = 1/2 (a2 - y)^2; the chain rule node by node, then gradient descent on w1, w2.
#include <array>
#include <cstdio>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

using namespace ctgrad;

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr var<"w1"> w1;
constexpr var<"w2"> w2;
constexpr auto a1 = named<"a1">(sigmoid(x * w1));
constexpr auto a2 = named<"a2">(sigmoid(a1 * w2));
constexpr auto loss = nn::mse(a2, y);

int main() {
    std::printf("Loss      = %s\n", to_string(loss).c_str());
    std::printf("dLoss/dw2 = %s\n", to_string(diff(loss, w2)).c_str());
    std::printf("dLoss/dw1 = %s\n", to_string(diff(loss, w1)).c_str());
    std::printf("update    w1 <- w1 - alpha * (%s)\n\n", to_string(diff(loss, w1)).c_str());

    constexpr auto p = at(x = 1.0, y = 1.0, w1 = 0.5, w2 = -0.25);
    std::printf("At x = 1, y = 1, w1 = 0.5, w2 = -0.25:\n");
    std::printf("  a1 = %.12f  a2 = %.12f  Loss = %.12f\n", eval(a1, p), eval(a2, p), eval(loss, p));
    std::printf("  dLoss/dw2 = %.12f  dLoss/dw1 = %.12f\n\n", eval(diff(loss, w2), p), eval(diff(loss, w1), p));

    // parts 3 to 6: the chain rule node by node, in forward values, then with the numbers
    constexpr auto Loss = named<"Loss">(loss);
    std::printf("%s\n\n%s\n\n", explain(Loss, w2, p).c_str(), explain(Loss, w1, p).c_str());
    // part 7: one gradient-descent step on w1 with step size alpha
    constexpr double step_size = 0.1;
    const auto step = value_and_grad(loss, wrt(w1, w2), p);
    std::printf("update    w1 <- w1 - alpha * dLoss/dw1 = 0.5 - %g * %.6g = %.8f\n\n", step_size, step.grad[w1],
                0.5 - step_size * step.grad[w1]);

    // gradient descent over a small data set: class 1 for positive x, class 0 for negative
    const std::array<std::array<double, 2>, 6> data{{{2.0, 1.0}, {1.0, 1.0}, {0.5, 1.0}, {-0.5, 0.0}, {-1.0, 0.0}, {-2.0, 0.0}}};
    double weight1 = 0.5, weight2 = -0.25, alpha = 2.0;
    double first = 0, last = 0;
    for (int epoch = 0; epoch <= 200; ++epoch) {
        double total = 0, g1 = 0, g2 = 0;
        for (const auto& [xv, yv] : data) {
            auto r = value_and_grad(loss, wrt(w1, w2), at(x = xv, y = yv, w1 = weight1, w2 = weight2));
            total += r.value;
            g1 += r.grad[w1];
            g2 += r.grad[w2];
        }
        weight1 -= alpha * g1 / data.size();  // the seed's update, averaged over the data
        weight2 -= alpha * g2 / data.size();
        if (epoch == 0) first = total / data.size();
        last = total / data.size();
        if (epoch % 25 == 0) std::printf("epoch %3d  mean loss %.6f  w1 = %+.4f  w2 = %+.4f\n", epoch, last, weight1, weight2);
    }
    std::printf("%s: %.6f -> %.6f\n", last < first ? "loss went down" : "loss did NOT go down", first, last);
    return last < first ? 0 : 1;
}
