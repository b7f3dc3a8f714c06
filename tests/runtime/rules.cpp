// Every derivative rule against central finite differences (Stan's expect_ad style):
// first derivatives by diff and by value_and_grad, second derivatives by diff(f, x, x),
// at arguments where each operation is smooth.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

using namespace ctgrad;
using namespace ctgrad::literals;

namespace {
constexpr var<"x"> x;
constexpr var<"y"> y;

template <class F>
double central(F f, double at, double h) {  // 6-point (order 6) central difference
    return (f(at + 3 * h) - 9 * f(at + 2 * h) + 45 * f(at + h) - 45 * f(at - h) + 9 * f(at - 2 * h) - f(at - 3 * h)) /
           (60 * h);
}

template <class E>
void check_rule(const char* name, const E& e, std::vector<double> points) {
    for (double v : points) {
        auto p = at(x = v, y = 0.75);
        auto value = [&](double t) { return eval(e, at(x = t, y = 0.75)); };
        auto first = [&](double t) { return eval(diff(e, x), at(x = t, y = 0.75)); };
        double h = 1e-3 * std::max(1.0, std::fabs(v));
        double fd1 = central(value, v, h);
        double fd2 = central(first, v, h);
        double d1 = eval(diff(e, x), p);
        double d2 = eval(diff(e, x, x), p);
        auto r = value_and_grad(e, wrt(x, y), p);
        INFO(name << " at x = " << v << ": d1 " << d1 << " fd " << fd1 << ", d2 " << d2 << " fd " << fd2);
        CHECK(r.value == Approx(eval(e, p)).epsilon(1e-15));
        CHECK(d1 == Approx(fd1).epsilon(1e-6).margin(1e-9));
        CHECK(r.grad[x] == Approx(d1).epsilon(1e-13).margin(1e-15));
        CHECK(r.grad[y] == Approx(eval(diff(e, y), p)).epsilon(1e-13).margin(1e-15));
        CHECK(d2 == Approx(fd2).epsilon(1e-4).margin(1e-7));
    }
}
const std::vector<double> common{-1.3, 0.49, 0.99, 1.01, 2.5};
const std::vector<double> positive{0.49, 0.99, 1.01, 2.5, 7.25};
}  // namespace

TEST_CASE("arithmetic rules", "[rules]") {
    check_rule("add", x + y, common);
    check_rule("sub", y - x, common);
    check_rule("mul", x * y * x, common);
    check_rule("div", y / x, common);
    check_rule("div by", x / (y + 2_c), common);
    check_rule("neg", -(x * y), common);
    check_rule("value constant", 0.5 * x * x + 1.5 * x, common);
}

TEST_CASE("power rules", "[rules]") {
    check_rule("ipow", pow(x, 3_c), common);
    check_rule("ipow negative", pow(x, -2_c), {-1.3, 0.49, 2.5});
    check_rule("square", square(x * y), common);
    check_rule("rpow 1/2", pow(x, constant<1, 2>{}), positive);
    check_rule("rpow 3/2", pow(x, constant<3, 2>{}), positive);
    check_rule("pow expression", pow(x, y * x), positive);
    check_rule("pow base", pow(y + 1_c, x), common);
    check_rule("sqrt", sqrt(x), positive);
}

TEST_CASE("elementary function rules", "[rules]") {
    check_rule("exp", exp(x * y), common);
    check_rule("log", log(x), positive);
    check_rule("sin", sin(x), common);
    check_rule("cos", cos(x * y), common);
    check_rule("tanh", tanh(x), common);
    check_rule("sigmoid", sigmoid(x), common);
    check_rule("softplus", softplus(x), common);
    check_rule("log_sigmoid", log_sigmoid(x), common);
}

TEST_CASE("piecewise rules away from their kinks", "[rules]") {
    check_rule("relu", relu(x) * x, common);
    check_rule("abs", abs(x) * x, common);
    check_rule("max", max(x, y) * x, common);
    check_rule("min", min(x, y) * x, common);
}

TEST_CASE("piecewise rules at their kinks follow PyTorch and JAX", "[rules]") {
    auto p0 = at(x = 0.0, y = 0.0);
    CHECK(value_and_grad(relu(x), wrt(x), p0).grad[x] == 0.0);
    CHECK(eval(diff(relu(x), x), p0) == 0.0);
    CHECK(value_and_grad(abs(x), wrt(x), p0).grad[x] == 0.0);
    CHECK(eval(diff(abs(x), x), p0) == 0.0);
    auto r = value_and_grad(max(x, y), wrt(x, y), p0);
    CHECK(r.grad[x] == 0.5);
    CHECK(r.grad[y] == 0.5);
    CHECK(eval(diff(max(x, y), x), p0) == 0.5);
    auto m = value_and_grad(min(x, y), wrt(x, y), p0);
    CHECK(m.grad[x] == 0.5);
    CHECK(m.grad[y] == 0.5);
}

TEST_CASE("shared subexpressions: reverse sweep agrees with diff", "[rules]") {
    auto s = sigmoid(x * y);
    auto f = s * s + exp(s) * log(1_c + s) - s / (2_c + x);
    auto p = at(x = 0.3, y = -1.1);
    auto r = value_and_grad(f, wrt(x, y), p);
    CHECK(r.grad[x] == Approx(eval(diff(f, x), p)).epsilon(1e-13));
    CHECK(r.grad[y] == Approx(eval(diff(f, y), p)).epsilon(1e-13));
}

TEST_CASE("losses: mse, bce and bce_with_logits", "[rules]") {
    constexpr var<"p"> p;
    constexpr var<"t"> t;
    for (double pv : {0.2, 0.5, 0.9}) {
        for (double tv : {0.0, 1.0, 0.3}) {
            auto at_p = at(p = pv, t = tv);
            CHECK(eval(nn::mse(p, t), at_p) == Approx(0.5 * (pv - tv) * (pv - tv)));
            CHECK(eval(diff(nn::mse(p, t), p), at_p) == Approx(pv - tv));
            double bce = -(tv * std::log(pv) + (1 - tv) * std::log(1 - pv));
            CHECK(eval(nn::bce(p, t), at_p) == Approx(bce).epsilon(1e-14));
            CHECK(value_and_grad(nn::bce(p, t), wrt(p), at_p).grad[p] == Approx((pv - tv) / (pv * (1 - pv))).epsilon(1e-13));
            // with logits: d/dz = sigmoid(z) - t
            double z = std::log(pv / (1 - pv));
            auto at_z = at(p = z, t = tv);
            CHECK(eval(nn::bce_with_logits(p, t), at_z) == Approx(bce).epsilon(1e-13));
            CHECK(value_and_grad(nn::bce_with_logits(p, t), wrt(p), at_z).grad[p] == Approx(pv - tv).epsilon(1e-12).margin(1e-15));
        }
    }
}

TEST_CASE("adjoint storage sharing through sums keeps every partial right", "[rules]") {
    // sums pass their adjoint on without a copy; operands used again elsewhere must not
    // see the sums' adjoints mixed into theirs
    auto s = x * y;                 // used by three sums
    auto t = exp(x) + s;            // single-use sum holding a multi-use operand
    auto u = (s + y) * (s - x);     // s feeds a + and a - whose results multiply
    auto f = t * t + u + (s + s) + (t + x) * y;
    auto p = at(x = 0.37, y = -1.6);
    auto r = value_and_grad(f, wrt(x, y), p);
    CHECK(r.value == Approx(eval(f, p)).epsilon(1e-15));
    CHECK(r.grad[x] == Approx(eval(diff(f, x), p)).epsilon(1e-13));
    CHECK(r.grad[y] == Approx(eval(diff(f, y), p)).epsilon(1e-13));
    auto chain = ((x + y) + (x + 1.5 * y)) + ((y + x) + x);
    auto rc = value_and_grad(chain * chain, wrt(x, y), p);
    CHECK(rc.grad[x] == Approx(eval(diff(chain * chain, x), p)).epsilon(1e-13));
    CHECK(rc.grad[y] == Approx(eval(diff(chain * chain, y), p)).epsilon(1e-13));
}
