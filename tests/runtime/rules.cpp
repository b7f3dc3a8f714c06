// Every derivative rule, Stan expect_ad style, at Stan's common arguments
// -1.3, 0.49, 0.99, 1.01, 0, +-inf and NaN (those in the operation's domain):
//   value            against a long double reference             1e-8 relative
//   first derivative diff against a 6-point central difference    1e-6
//                    value_and_grad against diff                  1e-13
//   second           diff(f, x, x) against a 6-point central
//                    difference of diff(f, x)                     1e-4
//                    hessian against diff(f, x, x)                1e-13
// Where the reference value or derivative is not finite (+-inf, NaN, log at 0) there is no
// stencil: value and both first derivatives must equal the IEEE 754 reference exactly
// (NaN matching NaN). NaN in gives NaN out in every value; a derivative that does not
// depend on x stays what it is (d(x + y)/dx = 1 at x = NaN, as in PyTorch).
// Binary operations are checked in each argument with the other at 0.75.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <vector>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

#include "../mutation.hpp"

using namespace ctgrad;
using namespace ctgrad::literals;

namespace {
constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr double other = 0.75;  // the other argument of a binary operation
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();


using real = long double;
struct reference {
    std::function<real(real)> value;
    std::function<real(real)> first;  // df/dx
};

const std::vector<double> all_reals{-1.3, 0.49, 0.99, 1.01, 0.0, inf, -inf, not_a_number};
const std::vector<double> non_negative{0.49, 0.99, 1.01, 0.0, inf, not_a_number};
const std::vector<double> positive{0.49, 0.99, 1.01, inf, not_a_number};
const std::vector<double> nonzero{-1.3, 0.49, 0.99, 1.01, inf, -inf, not_a_number};

template <class F>
double stencil(F f, double at, double h) {  // 6-point central difference, error O(h^6)
    return (f(at + 3 * h) - 9 * f(at + 2 * h) + 45 * f(at + h) - 45 * f(at - h) + 9 * f(at - 2 * h) - f(at - 3 * h)) /
           (60 * h);
}

bool same_ieee(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

/// Exact (IEEE) checks only at `edge`: a domain boundary or a kink, where a stencil
/// would straddle undefined or non-smooth ground.
template <class E>
void check_rule(const char* name, const E& e, const reference& ref, const std::vector<double>& args, double edge = not_a_number) {
    for (double v : args) {
        const auto p = at(x = v, y = other);
        const double value = eval(e, p);
        const double d1 = eval(diff(e, x), p);
        const double d2 = eval(diff(e, x, x), p);
        const auto r = value_and_grad(e, wrt(x, y), p);
        const double expected_value = static_cast<double>(ref.value(v));
        const double expected_first = static_cast<double>(ref.first(v));
        INFO(name << " at x = " << v << ": value " << value << " (reference " << expected_value << "), d1 " << d1
                  << " (reference " << expected_first << "), value_and_grad " << r.grad[x] << ", d2 " << d2);
        if (!std::isfinite(v) || !std::isfinite(expected_value) || !std::isfinite(expected_first) || v == edge) {
            CHECK(same_ieee(value, expected_value));
            CHECK(same_ieee(d1, expected_first));
            CHECK(same_ieee(r.value, expected_value));
            CHECK(same_ieee(r.grad[x], expected_first));
            continue;
        }
        const double h = 1e-3;
        const double fd1 = stencil([&](double t) { return eval(e, at(x = t, y = other)); }, v, h);
        const double fd2 = stencil([&](double t) { return eval(diff(e, x), at(x = t, y = other)); }, v, h);
        INFO("finite differences: d1 " << fd1 << ", d2 " << fd2);
        CHECK(value == Approx(expected_value).epsilon(1e-8).margin(1e-300));
        CHECK(d1 == Approx(fd1).epsilon(1e-6).margin(1e-9));
        CHECK(r.value == Approx(value).epsilon(1e-15).margin(1e-300));
        CHECK(r.grad[x] == Approx(d1).epsilon(1e-13).margin(1e-15));
        CHECK(r.grad[y] == Approx(eval(diff(e, y), p)).epsilon(1e-13).margin(1e-15));
        // 1e-7 absolute where the second derivative is zero: the stencil of an exactly linear
        // derivative still carries rounding of order eps |f'| / h
        CHECK(d2 == Approx(fd2).epsilon(1e-4).margin(1e-7));
        CHECK(hessian(e, wrt(x), p)(x, x) == Approx(d2).epsilon(1e-13).margin(1e-15));
    }
}

real sigmoid_ref(real v) { return v >= 0 ? 1 / (1 + std::exp(-v)) : std::exp(v) / (1 + std::exp(v)); }
real softplus_ref(real v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); }
real erf_prime_ref(real v) { return 1.12837916709551257389615890312154517L * std::exp(-v * v); }
// PyTorch's exact gelu: x Phi(x), and Phi(x) + x phi(x); NaN at +-inf as there (inf * 0)
real gelu_ref(real v) { return v / 2 * (1 + std::erf(v * 0.707106781186547524400844362104849039L)); }
real gelu_prime_ref(real v) {
    return (1 + std::erf(v * 0.707106781186547524400844362104849039L)) / 2 +
           v * 0.398942280401432677939946059934381868L * std::exp(-v * v / 2);
}
real step_ref(real v) { return std::isnan(v) ? v : v > 0 ? 1 : 0; }
real sign_ref(real v) { return std::isnan(v) ? v : v > 0 ? 1 : v < 0 ? -1 : 0; }
}  // namespace

TEST_CASE("arithmetic rules", "[rules]") {
    check_rule("add x + y", x + y, {[](real v) { return v + other; }, [](real) { return 1; }}, all_reals);
    check_rule("add y + x", y + x, {[](real v) { return other + v; }, [](real) { return 1; }}, all_reals);
    check_rule("sub x - y", x - y, {[](real v) { return v - other; }, [](real) { return 1; }}, all_reals);
    check_rule("sub y - x", y - x, {[](real v) { return other - v; }, [](real) { return -1; }}, all_reals);
    check_rule("mul x y", x * y, {[](real v) { return v * other; }, [](real) { return other; }}, all_reals);
    check_rule("mul x x y", x * y * x, {[](real v) { return v * v * other; }, [](real v) { return 2 * v * other; }},
               all_reals);
    check_rule("div x / y", x / y, {[](real v) { return v / other; }, [](real) { return 1 / real(other); }},
               all_reals);
    check_rule("div y / x", y / x, {[](real v) { return other / v; }, [](real v) { return -other / (v * v); }}, nonzero);
    check_rule("neg", -x, {[](real v) { return -v; }, [](real) { return -1; }}, all_reals);
    check_rule("value constant", 1.5 * x * x, {[](real v) { return 1.5L * v * v; }, [](real v) { return 3 * v; }},
               all_reals);
}

TEST_CASE("power rules", "[rules]") {
    check_rule("ipow 3", pow(x, 3_c), {[](real v) { return v * v * v; }, [](real v) { return 3 * v * v; }}, all_reals);
    check_rule("ipow -2", pow(x, -2_c), {[](real v) { return 1 / (v * v); }, [](real v) { return -2 / (v * v * v); }},
               nonzero);
    check_rule("square", square(x), {[](real v) { return v * v; }, [](real v) { return 2 * v; }}, all_reals);
    check_rule("rpow 1/2", pow(x, constant<1, 2>{}),
               {[](real v) { return std::sqrt(v); }, [](real v) { return 0.5L / std::sqrt(v); }}, non_negative, 0.0);
    check_rule("rpow 3/2", pow(x, constant<3, 2>{}),
               {[](real v) { return v * std::sqrt(v); }, [](real v) { return 1.5L * std::sqrt(v); }}, non_negative, 0.0);
    check_rule("sqrt", sqrt(x), {[](real v) { return std::sqrt(v); }, [](real v) { return 0.5L / std::sqrt(v); }},
               non_negative, 0.0);
    check_rule("pow x^y", pow(x, y),
               {[](real v) { return std::pow(v, real(other)); },
                [](real v) { return other * std::pow(v, real(other) - 1); }},
               positive);
    check_rule("pow y^x", pow(y, x),
               {[](real v) { return std::pow(real(other), v); },
                [](real v) { return std::pow(real(other), v) * std::log(real(other)); }},
               all_reals);
}

TEST_CASE("elementary function rules", "[rules]") {
    check_rule("exp", exp(x), {[](real v) { return std::exp(v); }, [](real v) { return std::exp(v); }}, all_reals);
    check_rule("log", log(x), {[](real v) { return std::log(v); }, [](real v) { return 1 / v; }}, non_negative, 0.0);
    check_rule("sin", tested_sin(x), {[](real v) { return std::sin(v); }, [](real v) { return std::cos(v); }}, all_reals);
    check_rule("cos", cos(x), {[](real v) { return std::cos(v); }, [](real v) { return -std::sin(v); }}, all_reals);
    check_rule("tanh", tanh(x),
               {[](real v) { return std::tanh(v); }, [](real v) { return 1 - std::tanh(v) * std::tanh(v); }}, all_reals);
    check_rule("sigmoid", sigmoid(x), {sigmoid_ref, [](real v) { return sigmoid_ref(v) * sigmoid_ref(-v); }}, all_reals);
    check_rule("softplus", softplus(x), {softplus_ref, sigmoid_ref}, all_reals);
    check_rule("erf", erf(x), {[](real v) { return std::erf(v); }, erf_prime_ref}, all_reals);
    check_rule("log_sigmoid", log_sigmoid(x), {[](real v) { return -softplus_ref(-v); }, [](real v) { return sigmoid_ref(-v); }},
               all_reals);
}

TEST_CASE("piecewise rules", "[rules]") {
    // their kinks (relu and abs at 0) have no stencil: the conventions are exact checks below
    check_rule("relu", relu(x), {[](real v) { return std::isnan(v) ? v : v > 0 ? v : 0; }, step_ref}, all_reals, 0.0);
    check_rule("abs", abs(x), {[](real v) { return std::fabs(v); }, sign_ref}, all_reals, 0.0);
    // not at +-inf: there diff's relu'(x) x is step(x) * x = 0 * inf = NaN where the reverse
    // sweep's branch gives 0 (tests/runtime/stability.cpp)
    check_rule("relu x", relu(x) * x, {[](real v) { return std::isnan(v) ? v : v > 0 ? v * v : 0; },
                                       [](real v) { return std::isnan(v) ? v : v > 0 ? 2 * v : 0; }},
               {-1.3, 0.49, 0.99, 1.01, 0.0, not_a_number}, 0.0);
    auto nan_max = [](real v) { return std::isnan(v) ? v : v > other ? v : real(other); };
    auto nan_min = [](real v) { return std::isnan(v) ? v : v < other ? v : real(other); };
    check_rule("max x, y", max(x, y), {nan_max, [](real v) { return step_ref(v - other); }}, all_reals);
    check_rule("max y, x", max(y, x), {nan_max, [](real v) { return step_ref(v - other); }}, all_reals);
    check_rule("min x, y", min(x, y), {nan_min, [](real v) { return step_ref(other - v); }}, all_reals);
    check_rule("min y, x", min(y, x), {nan_min, [](real v) { return step_ref(other - v); }}, all_reals);
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

TEST_CASE("activations: gelu", "[rules]") {
    check_rule("gelu", nn::gelu(x), {gelu_ref, gelu_prime_ref}, all_reals);
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
