// Numerical extremes: stable forms stay finite and accurate; IEEE behaviour elsewhere.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

using namespace ctgrad;

namespace {
constexpr var<"z"> z;
constexpr var<"t"> t;
long double reference_sigmoid(long double v) { return 1.0L / (1.0L + std::exp(-v)); }
}  // namespace

TEST_CASE("a tensor's sigmoid gradient: 1 - s where no input exceeds 8, exp(-z) s where one does", "[stability]") {
    // the vectorized backward takes the cheap complement only where it holds for every element
    constexpr var<"v", 6> v;
    for (double last : {8.0, 30.0}) {
        const std::vector<double> x{-8.0, -3.5, 0.0, 2.5, 7.0, last};
        const auto r = value_and_grad(sum(sigmoid(v)), wrt(v), at(v = x));
        for (std::size_t i = 0; i < x.size(); ++i) {
            INFO("z = " << x[i]);
            const long double ds = reference_sigmoid(x[i]) * reference_sigmoid(-x[i]);
            CHECK(r.grad[v](i) == Approx(double(ds)).epsilon(1e-11));  // 1 - s(30) would be off by 1e-3
        }
    }
}

TEST_CASE("sigmoid, softplus, log_sigmoid are finite and accurate at large |z|", "[stability]") {
    for (double v : {-800.0, -40.0, -37.0, -20.0, 20.0, 37.0, 40.0, 800.0}) {
        auto p = at(z = v);
        long double lv = v;
        long double s = reference_sigmoid(lv);
        long double ds = s * reference_sigmoid(-lv);  // sigmoid'(z) = s(z) s(-z), no cancellation
        INFO("z = " << v);
        CHECK(eval(sigmoid(z), p) == Approx(double(s)).epsilon(1e-14));
        auto g = value_and_grad(sigmoid(z), wrt(z), p);
        CHECK(std::isfinite(g.grad[z]));
        CHECK(eval(diff(sigmoid(z), z), p) == Approx(double(ds)).epsilon(1e-12).margin(1e-300));
        CHECK(g.grad[z] == Approx(double(ds)).epsilon(1e-12).margin(1e-300));

        long double sp = lv > 0 ? lv + std::log1p(std::exp(-lv)) : std::log1p(std::exp(lv));
        CHECK(eval(softplus(z), p) == Approx(double(sp)).epsilon(1e-14).margin(1e-300));
        CHECK(value_and_grad(softplus(z), wrt(z), p).grad[z] == Approx(double(s)).epsilon(1e-14));
        CHECK(eval(log_sigmoid(z), p) == Approx(double(-(lv < 0 ? -lv + std::log1p(std::exp(lv)) : std::log1p(std::exp(-lv))))).epsilon(1e-14).margin(1e-300));
        CHECK(std::isfinite(value_and_grad(log_sigmoid(z), wrt(z), p).grad[z]));
        auto loss = nn::bce_with_logits(z, t);
        auto r = value_and_grad(loss, wrt(z), at(z = v, t = 1.0));
        CHECK(std::isfinite(r.value));
        CHECK(r.grad[z] == Approx(double(-reference_sigmoid(-lv))).epsilon(1e-12).margin(1e-300));  // s - 1 = -s(-z)
        for (double target : {0.0, 0.3}) {  // bce_with_logits = softplus(z) - t z, its gradient s - t
            auto at_t = at(z = v, t = target);
            long double expected = (lv > 0 ? lv + std::log1p(std::exp(-lv)) : std::log1p(std::exp(lv))) - target * lv;
            CHECK(eval(loss, at_t) == Approx(double(expected)).epsilon(1e-14).margin(1e-300));
            CHECK(value_and_grad(loss, wrt(z), at_t).grad[z] == Approx(double(s - target)).epsilon(1e-12).margin(1e-300));
        }

        long double th = std::tanh(lv);
        long double e2 = std::exp(-2 * std::fabs(lv));
        long double sech2 = 4 * e2 / ((1 + e2) * (1 + e2));  // 1 - tanh^2 without cancellation
        CHECK(eval(tanh(z), p) == Approx(double(th)).epsilon(1e-15));
        CHECK(value_and_grad(tanh(z), wrt(z), p).grad[z] == Approx(double(sech2)).epsilon(1e-13).margin(1e-300));
        CHECK(eval(diff(tanh(z), z), p) == Approx(double(sech2)).epsilon(1e-13).margin(1e-300));
        CHECK(eval(diff(tanh(z), z, z), p) == Approx(double(-2 * th * sech2)).epsilon(1e-13).margin(1e-300));
    }
}

TEST_CASE("NaN in gives NaN out in the stable forms", "[stability]") {
    double nan = std::numeric_limits<double>::quiet_NaN();
    auto p = at(z = nan, t = 1.0);
    CHECK(std::isnan(eval(tanh(z), p)));
    CHECK(std::isnan(value_and_grad(tanh(z), wrt(z), p).grad[z]));
    CHECK(std::isnan(value_and_grad(sigmoid(z), wrt(z), p).grad[z]));
    CHECK(std::isnan(value_and_grad(softplus(z), wrt(z), p).grad[z]));
    CHECK(std::isnan(value_and_grad(log_sigmoid(z), wrt(z), p).grad[z]));
    auto r = value_and_grad(nn::bce_with_logits(z, t), wrt(z, t), p);
    CHECK(std::isnan(r.value));
    CHECK(std::isnan(r.grad[z]));
}

TEST_CASE("no NaN leaks from the branch relu, max or abs did not take", "[stability]") {
    double inf = std::numeric_limits<double>::infinity();
    // the untaken branch's partial is inf or NaN; its share of the gradient is 0, not 0 * inf
    auto r = value_and_grad(relu(z) * t, wrt(z, t), at(z = -1.0, t = inf));
    CHECK(r.grad[z] == 0.0);
    auto m = value_and_grad(max(z, t) * t, wrt(z, t), at(z = 2.0, t = -inf));
    CHECK(m.grad[z] == -inf);  // the taken branch: d/dz (z t) = t
    constexpr var<"u"> u;
    auto n = value_and_grad(max(z, u) * t, wrt(z, u, t), at(z = 2.0, u = -1.0, t = inf));
    CHECK(n.grad[z] == inf);
    CHECK(n.grad[u] == 0.0);
    auto k = value_and_grad(min(z, u) * t, wrt(z, u, t), at(z = 2.0, u = -1.0, t = inf));
    CHECK(k.grad[z] == 0.0);
    auto a = value_and_grad(abs(z) * t, wrt(z, t), at(z = 0.0, t = inf));
    CHECK(a.grad[z] == 0.0);  // |z|'(0) = 0 even under an infinite adjoint
    auto b = value_and_grad(relu(z) * z, wrt(z), at(z = -inf));
    CHECK(b.grad[z] == 0.0);  // relu's branch gives 0, not 0 * -inf
}

TEST_CASE("the symbolic derivative agrees with the reverse sweep where a branch is not taken", "[stability]") {
    // diff builds step(z) * t; a product with a gate (step, sign, heaviside) is 0 where the
    // gate is 0, never 0 * inf = NaN (ops::gated_mul)
    const double inf = std::numeric_limits<double>::infinity();
    constexpr var<"u"> u;
    auto agree = [&](const auto& f, const auto& v, const auto& p) {
        const double symbolic = eval(diff(f, v), p);
        const double reverse = value_and_grad(f, wrt(v), p).grad[v];
        INFO(to_string(diff(f, v)) << ": symbolic " << symbolic << ", reverse " << reverse);
        CHECK(!std::isnan(symbolic));
        CHECK(symbolic == reverse);
        return symbolic;
    };
    CHECK(agree(relu(z) * z, z, at(z = -inf)) == 0.0);
    CHECK(agree(relu(z) * z, z, at(z = inf)) == inf);
    CHECK(agree(relu(z) * t, z, at(z = -1.0, t = inf)) == 0.0);
    CHECK(agree(relu(z) * t * u, z, at(z = -1.0, t = inf, u = inf)) == 0.0);  // a gate inside a longer product
    CHECK(agree(max(z, u) * t, u, at(z = 2.0, u = -1.0, t = inf)) == 0.0);
    CHECK(agree(min(z, u) * t, z, at(z = 2.0, u = -1.0, t = inf)) == 0.0);
    CHECK(agree(abs(z) * t, z, at(z = 0.0, t = inf)) == 0.0);
    CHECK(agree(relu(z) * z, z, at(z = 3.0)) == 6.0);  // the taken branch is the product rule
    // NaN in still gives NaN out
    CHECK(std::isnan(eval(diff(relu(z) * z, z), at(z = std::numeric_limits<double>::quiet_NaN()))));
    // and in constant evaluation
    static_assert(eval(diff(relu(z) * z, z), at(z = -std::numeric_limits<double>::infinity())) == 0.0);
    static_assert(eval(diff(relu(z) * t, z), at(z = -1.0, t = std::numeric_limits<double>::infinity())) == 0.0);
}

TEST_CASE("IEEE behaviour - NaN in gives NaN out, log(0) is -inf, x/0 is inf", "[stability]") {
    double nan = std::numeric_limits<double>::quiet_NaN();
    double inf = std::numeric_limits<double>::infinity();
    CHECK(std::isnan(eval(sigmoid(z), at(z = nan))));
    CHECK(std::isnan(eval(relu(z), at(z = nan))));
    CHECK(std::isnan(value_and_grad(relu(z), wrt(z), at(z = nan)).grad[z]));
    CHECK(std::isnan(eval(max(z, t), at(z = nan, t = 1.0))));
    CHECK(std::isnan(value_and_grad(abs(z), wrt(z), at(z = nan)).grad[z]));
    CHECK(eval(log(z), at(z = 0.0)) == -inf);
    CHECK(eval(t / z, at(z = 0.0, t = 1.0)) == inf);
    CHECK(eval(t / z, at(z = 0.0, t = -1.0)) == -inf);
    // no NaN leaks from the branch relu did not take: relu(-1) = 0, its gradient 0
    CHECK(value_and_grad(relu(z) * 3.0, wrt(z), at(z = -1.0)).grad[z] == 0.0);
}
