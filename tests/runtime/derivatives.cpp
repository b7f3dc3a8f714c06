// check_grad at run time: it reports the worst component, and rejects wrong gradients.
#include <catch2/catch.hpp>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

using namespace ctgrad;

namespace {
constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr var<"z"> z;
}  // namespace

TEST_CASE("check_grad accepts ctgrad's gradients and names the worst component", "[check]") {
    auto f = tanh(x * y) * softplus(z) + sqrt(1.0 + x * x) / (2.0 + y * y);
    auto p = at(x = 0.8, y = -0.3, z = 1.7);
    auto r = check_grad(f, wrt(x, y, z), p);
    CHECK(static_cast<bool>(r));
    CHECK(r.error <= 1.0);
    CHECK((r.variable == "x" || r.variable == "y" || r.variable == "z"));
}

TEST_CASE("check_grad rejects a deliberately wrong gradient", "[check]") {
    auto f = exp(x) * sin(y) + z * z;
    auto p = at(x = 0.3, y = 1.1, z = -2.0);
    auto good = grad(f, wrt(x, y, z), p);
    for (std::size_t i = 0; i < 3; ++i) {
        auto wrong = good.values;
        wrong[i] *= 1.0 + 1e-4;  // 100x the tolerance
        auto r = check_gradient(f, wrt(x, y, z), p, wrong);
        CHECK_FALSE(static_cast<bool>(r));
        CHECK(r.worst == i);
        CHECK(r.error > 1.0);
    }
}

TEST_CASE("hessian of a loss equals diff twice, every entry", "[check]") {
    auto loss = nn::mse(sigmoid(x * y + z), 1.0);
    auto p = at(x = 0.5, y = -1.5, z = 0.25);
    auto h = hessian(loss, wrt(x, y, z), p);
    CHECK(h(x, y) == Approx(eval(diff(loss, x, y), p)).epsilon(1e-13));
    CHECK(h(y, z) == Approx(eval(diff(loss, y, z), p)).epsilon(1e-13));
    CHECK(h(z, z) == Approx(eval(diff(loss, z, z), p)).epsilon(1e-13));
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) CHECK(h.values[i][j] == h.values[j][i]);
}
