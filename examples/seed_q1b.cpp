// The seed's Q1(b): forward values and backpropagation for y = s1 + s2 with
// s1 = sigmoid(a r1), r1 = max(c x1 + e x2, 0), s2 = sigmoid(b r2), r2 = max(d x1 + f x2, 0).
#include <cmath>
#include <cstdio>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

constexpr var<"x1"> x1;
constexpr var<"x2"> x2;
constexpr var<"a"> a;
constexpr var<"b"> b;
constexpr var<"c"> c;
constexpr var<"d"> d;
constexpr var<"e"> e;
constexpr var<"f"> f;

constexpr auto r1 = named<"r1">(relu(c * x1 + e * x2));
constexpr auto r2 = named<"r2">(relu(d * x1 + f * x2));
constexpr auto s1 = named<"s1">(sigmoid(a * r1));
constexpr auto s2 = named<"s2">(sigmoid(b * r2));
constexpr auto y = named<"y">(s1 + s2);
constexpr auto p = at(x1 = 1.0, x2 = -1.0, a = 1.0, b = 1.0, c = 4.0, d = 1.0, e = 2.0, f = 2.0);

// proved while compiling: the seed's gradient, by one forward and one reverse sweep
constexpr auto g = value_and_grad(y, wrt(a, b, c, d, e, f), p);
static_assert(g.grad[a] > 0.2099 && g.grad[a] < 0.2100 && g.grad[b] == 0.0);

int main() {
    std::printf("Forward pass at x1 = 1, x2 = -1, a = 1, b = 1, c = 4, d = 1, e = 2, f = 2\n");
    std::printf("  r1 = %g  r2 = %g  s1 = %.17g  s2 = %g  y = %.17g\n", eval(r1, p), eval(r2, p), eval(s1, p),
                eval(s2, p), eval(y, p));

    // the seed rounds s1 = sigmoid(2) = 0.8808 to 0.9: redo its arithmetic with that value
    auto rounded = [](double v) { return std::round(v * 10) / 10; };
    double s1r = rounded(eval(s1, p)), s2r = eval(s2, p), r1v = eval(r1, p), r2v = eval(r2, p);
    double seed[6] = {r1v * s1r * (1 - s1r),       r2v * s2r * (1 - s2r),
                      1.0 * s1r * (1 - s1r) * 1.0, 0.0,
                      1.0 * s1r * (1 - s1r) * -1., 0.0};
    const char* names[6] = {"a", "b", "c", "d", "e", "f"};
    std::printf("\nBackpropagation          seed (s1 ~ 0.9)   exact (one reverse sweep)\n");
    for (int i = 0; i < 6; ++i)
        std::printf("  dy/d%s  %+14.2f   %+.17g\n", names[i], seed[i] + 0.0, g.grad[static_cast<std::size_t>(i)]);

    std::printf("\nDerivatives, written in forward-pass values:\n");
    std::printf("  dy/da = %s\n", to_string(diff(y, a)).c_str());
    std::printf("  dy/db = %s\n", to_string(diff(y, b)).c_str());
    std::printf("  dy/dc = %s\n", to_string(diff(y, c)).c_str());
    std::printf("  dy/dd = %s\n", to_string(diff(y, d)).c_str());
    std::printf("  dy/de = %s\n", to_string(diff(y, e)).c_str());
    std::printf("  dy/df = %s\n", to_string(diff(y, f)).c_str());
    std::printf("  LaTeX: \\frac{\\partial y}{\\partial c} = %s\n", to_latex(diff(y, c)).c_str());

    // as the seed's solutions write them: per-node partials, forward values, numbers, value
    std::printf("\nBackpropagation node by node:\n\n");
    std::printf("%s\n\n%s\n\n%s\n\n", explain(y, a, p).c_str(), explain(y, b, p).c_str(), explain(y, c, p).c_str());
    std::printf("%s\n\n%s\n\n%s\n\n", explain(y, d, p).c_str(), explain(y, e, p).c_str(), explain(y, f, p).c_str());
    std::printf("In LaTeX:\n%s\n", explain_latex(y, c, p).c_str());
}
