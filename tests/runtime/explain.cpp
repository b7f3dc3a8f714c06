// explain / explain_latex: the seed's chain rule, node by node, pinned as the seed's
// solutions write it (Q1(b) dy/da, dy/dc; Q2 dLoss/dw1), and the rules of the format.
#include <catch2/catch.hpp>

#include <string>

#include <ctgrad/ctgrad.hpp>

#include "../seed_networks.hpp"

using namespace ctgrad;

namespace q1b = seed_q1b_named;
namespace q2 {
using namespace seed_q2;
constexpr auto Loss = named<"Loss">(loss);
constexpr auto p = at(x = 1.0, y = 1.0, w1 = 0.5, w2 = -0.25);
}  // namespace q2

TEST_CASE("explain writes the seed's Q1(b) partials node by node", "[explain]") {
    using namespace q1b;
    CHECK(explain(y, a, p) ==
          "dy/da = dy/ds1 * ds1/da\n"
          "      = 1 * r1 * s1 * (1 - s1)\n"
          "      = 1 * 2 * 0.880797 * (1 - 0.880797)\n"
          "      = 0.209987");
    CHECK(explain(y, c, p) ==
          "dy/dc = dy/ds1 * ds1/dr1 * dr1/dc\n"
          "      = 1 * a * s1 * (1 - s1) * x1 * step(r1)\n"
          "      = 1 * 1 * 0.880797 * (1 - 0.880797) * 1 * step(2)\n"
          "      = 0.104994");
    CHECK(explain_latex(y, c, p) ==
          "\\begin{aligned}\n"
          "\\frac{\\partial y}{\\partial c} &= \\frac{\\partial y}{\\partial s_{1}} \\frac{\\partial s_{1}}{\\partial r_{1}} "
          "\\frac{\\partial r_{1}}{\\partial c} \\\\\n"
          "&= 1 \\cdot a \\cdot s_{1} \\cdot \\left(1 - s_{1}\\right) \\cdot x_{1} \\cdot \\operatorname{step}\\left(r_{1}\\right) \\\\\n"
          "&= 1 \\cdot 1 \\cdot 0.880797 \\cdot \\left(1 - 0.880797\\right) \\cdot 1 \\cdot \\operatorname{step}\\left(2\\right) \\\\\n"
          "&= 0.104994\n"
          "\\end{aligned}");
    CHECK(explain_latex(y, a, p) ==
          "\\begin{aligned}\n"
          "\\frac{\\partial y}{\\partial a} &= \\frac{\\partial y}{\\partial s_{1}} \\frac{\\partial s_{1}}{\\partial a} \\\\\n"
          "&= 1 \\cdot r_{1} \\cdot s_{1} \\cdot \\left(1 - s_{1}\\right) \\\\\n"
          "&= 1 \\cdot 2 \\cdot 0.880797 \\cdot \\left(1 - 0.880797\\right) \\\\\n"
          "&= 0.209987\n"
          "\\end{aligned}");
}

TEST_CASE("a path through relu's untaken branch is shown and gives 0", "[explain]") {
    using namespace q1b;
    CHECK(explain(y, b, p) ==
          "dy/db = dy/ds2 * ds2/db\n"
          "      = 1 * r2 * s2 * (1 - s2)\n"
          "      = 1 * 0 * 0.5 * (1 - 0.5)\n"
          "      = 0");
    CHECK(explain(y, d, p) ==
          "dy/dd = dy/ds2 * ds2/dr2 * dr2/dd\n"
          "      = 1 * b * s2 * (1 - s2) * x1 * step(r2)\n"
          "      = 1 * 1 * 0.5 * (1 - 0.5) * 1 * step(0)\n"
          "      = 0");
}

TEST_CASE("several paths are summed, and agree with value_and_grad", "[explain]") {
    using namespace q1b;
    const std::string text = explain(y, x1, p);
    CHECK(text ==
          "dy/dx1 = dy/ds1 * ds1/dr1 * dr1/dx1 + dy/ds2 * ds2/dr2 * dr2/dx1\n"
          "       = 1 * a * s1 * (1 - s1) * c * step(r1) + 1 * b * s2 * (1 - s2) * d * step(r2)\n"
          "       = 1 * 1 * 0.880797 * (1 - 0.880797) * 4 * step(2) + 1 * 1 * 0.5 * (1 - 0.5) * 1 * step(0)\n"
          "       = 0.419974");
    const double g = value_and_grad(y, wrt(x1), p).grad[x1];
    CHECK(g == Approx(0.419974).epsilon(1e-6));
}

TEST_CASE("explain writes the seed's Q2 dLoss/dw1 in forward values", "[explain]") {
    using namespace q2;
    CHECK(explain(Loss, w1, p) ==
          "dLoss/dw1 = dLoss/da2 * da2/da1 * da1/dw1\n"
          "          = (a2 - y) * w2 * a2 * (1 - a2) * x * a1 * (1 - a1)\n"
          "          = (0.461175 - 1) * (-0.25) * 0.461175 * (1 - 0.461175) * 1 * 0.622459 * (1 - 0.622459)\n"
          "          = 0.0078664");
    CHECK(explain_latex(Loss, w1, p) ==
          "\\begin{aligned}\n"
          "\\frac{\\partial Loss}{\\partial w_{1}} &= \\frac{\\partial Loss}{\\partial a_{2}} \\frac{\\partial a_{2}}{\\partial a_{1}} "
          "\\frac{\\partial a_{1}}{\\partial w_{1}} \\\\\n"
          "&= \\left(a_{2} - y\\right) \\cdot w_{2} \\cdot a_{2} \\cdot \\left(1 - a_{2}\\right) \\cdot x \\cdot a_{1} \\cdot "
          "\\left(1 - a_{1}\\right) \\\\\n"
          "&= \\left(0.461175 - 1\\right) \\cdot \\left(-0.25\\right) \\cdot 0.461175 \\cdot \\left(1 - 0.461175\\right) \\cdot 1 "
          "\\cdot 0.622459 \\cdot \\left(1 - 0.622459\\right) \\\\\n"
          "&= 0.0078664\n"
          "\\end{aligned}");
    CHECK(eval(diff(Loss, w1), p) == Approx(0.0078664).epsilon(1e-5));
}

TEST_CASE("explain: an unnamed root is f, unnamed intermediates fold into their named parent", "[explain]") {
    using namespace q2;
    // z1 = x w1 and z2 = a1 w2 are not named: no dz/d.. factors appear
    CHECK(explain(nn::mse(a2, y), w2, p) ==
          "df/dw2 = df/da2 * da2/dw2\n"
          "       = (a2 - y) * a1 * a2 * (1 - a2)\n"
          "       = (0.461175 - 1) * 0.622459 * 0.461175 * (1 - 0.461175)\n"
          "       = -0.0833436");
    // a variable the expression does not use
    CHECK(explain(Loss, var<"q">{}, p) == "dLoss/dq = 0");
    // value constants in a local partial print as numbers in every line
    constexpr var<"t"> t;
    CHECK(explain(0.5 * named<"u">(exp(t)), t, at(t = 0.0)) ==
          "df/dt = df/du * du/dt\n"
          "      = 0.5 * u\n"
          "      = 0.5 * 1\n"
          "      = 0.5");
}
