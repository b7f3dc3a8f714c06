// eval at run time: float, double, long double; value constants; no heap allocation.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <span>
#include <vector>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

#include "../allocation_counting.hpp"

using ctgrad_test::allocations;

using namespace ctgrad;
using namespace ctgrad::literals;

namespace {
constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr var<"w"> w;
volatile double sink = 0;  // keeps run-time inputs opaque to the optimizer
double opaque(double v) {
    sink = v;
    return sink;
}
}  // namespace

TEST_CASE("eval works for float, double and long double", "[eval]") {
    auto f = sigmoid(w * x) * log(y) + pow(x, 3_c);
    double xd = 0.7, yd = 2.5, wd = -1.3;
    auto expected = [](long double xv, long double yv, long double wv) {
        return 1 / (1 + std::exp(-(wv * xv))) * std::log(yv) + xv * xv * xv;
    };
    CHECK(eval(f, at(x = float(xd), y = float(yd), w = float(wd))) ==
          Approx(float(expected(xd, yd, wd))).epsilon(1e-6));
    CHECK(eval(f, at(x = xd, y = yd, w = wd)) == Approx(double(expected(xd, yd, wd))).epsilon(1e-15));
    long double lv = eval(f, at(x = (long double)xd, y = (long double)yd, w = (long double)wd));
    CHECK(std::fabs(lv - expected(xd, yd, wd)) < 1e-17L);
    STATIC_REQUIRE(std::is_same_v<decltype(eval(f, at(x = 1.0f, y = 1.0f, w = 1.0f))), float>);
    STATIC_REQUIRE(std::is_same_v<decltype(eval(f, at(x = 1.0L, y = 1.0L, w = 1.0L))), long double>);
}

TEST_CASE("value constants keep their own values", "[eval]") {
    // one type, different values: a sweep that merged them by type would be wrong
    auto f = 0.5 * x + 1.5 * x;
    STATIC_REQUIRE(std::is_same_v<decltype(0.5 * x), decltype(1.5 * x)>);
    CHECK(eval(f, at(x = 2.0)) == 4.0);
    auto r = value_and_grad(f * f, wrt(x), at(x = 2.0));
    CHECK(r.value == 16.0);
    CHECK(r.grad[x] == 16.0);
    double c = opaque(3.25);  // a value known only at run time
    CHECK(eval(c * x - 0.25 * x, at(x = 2.0)) == 6.0);
}

TEST_CASE("an extra binding in the point is allowed", "[eval]") {
    CHECK(eval(x * x, at(x = 3.0, y = 1.0, w = 7.0)) == 9.0);
    auto r = value_and_grad(x * x, wrt(x, y), at(y = 1.0, x = 3.0));
    CHECK(r.grad[x] == 6.0);
    CHECK(r.grad[y] == 0.0);  // in wrt but not in the expression: 0, as in JAX
}

TEST_CASE("eval and value_and_grad never allocate", "[eval][allocation]") {
    auto h = nn::dense<"w1", "b1", 4>(nn::inputs<"in", 3>(), nn::act::sigmoid{});
    auto o = nn::dense<"w2", "b2", 2>(h, nn::act::identity{});
    auto loss = nn::mse(o, nn::inputs<"t", 2>());
    auto params = nn::dense_parameters<"w1", "b1", 4, 3>() + nn::dense_parameters<"w2", "b2", 2, 4>();
    auto data = wrt(indexed_var<"in", 0>{}, indexed_var<"in", 1>{}, indexed_var<"in", 2>{}, indexed_var<"t", 0>{},
                    indexed_var<"t", 1>{});
    std::array<double, decltype(params + data)::size> values{};
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = opaque(0.1 * double(i % 7) - 0.3);
    auto p = at(params + data, values);
    if (!ctgrad_test::allocations_counted) WARN("allocation counting is off under AddressSanitizer");
    long before = allocations.load();
    double v = eval(loss, p);
    auto r = value_and_grad(loss, params, p);
    long after = allocations.load();
    CHECK(after == before);
    CHECK(r.value == Approx(v).epsilon(1e-15));
}

namespace {
constexpr std::array<double, 3> view_values{2.0, -3.0, 0.5};
}  // namespace

TEST_CASE("a point over the caller's values reads them in place", "[eval][view]") {
    const auto f = x * x * y + exp(w * y);
    // in constant evaluation: the same values as an owning point
    constexpr auto view = at(wrt(x, y, w), std::span(view_values));
    STATIC_REQUIRE(std::is_same_v<decltype(view), const point_view<double, "x", "y", "w">>);
    STATIC_REQUIRE(eval(x * x * y, view) == -12.0);
    STATIC_REQUIRE(view[w] == 0.5);

    std::vector<double> buffer{opaque(2.0), opaque(-3.0), opaque(0.5)};
    const auto p = at(wrt(x, y, w), std::span<const double, 3>(buffer.data(), 3));
    const auto owning = at(x = buffer[0], y = buffer[1], w = buffer[2]);
    CHECK(eval(f, p) == eval(f, owning));
    const auto r = value_and_grad(f, wrt(x, y, w), p), s = value_and_grad(f, wrt(x, y, w), owning);
    CHECK(r.value == s.value);
    CHECK(r.grad.values == s.grad.values);
    CHECK(check_grad(f, wrt(x, y, w), p));  // perturbs a copy, never the caller's values
    CHECK(buffer == std::vector<double>{2.0, -3.0, 0.5});

    buffer[0] = opaque(1.0);  // the view sees the caller's change: nothing was copied
    CHECK(p[x] == 1.0);
    CHECK(eval(x * y, p) == -3.0);
    CHECK(value_and_grad(f, wrt(x), p).grad[x] == Approx(2.0 * 1.0 * -3.0));
}

// The executor passes each scalar reverse step as a template argument. x * y with respect to x
// and with respect to y give two steps that differ only in which operand is fed; written with
// std::array members ({true, false} and {false, true}), g++ 12 took them for one template
// argument and ran x's step for y (both gradients came out 3).
TEST_CASE("one translation unit, two wrt lists of one program: each its own reverse step", "[eval][executor]") {
    const auto p = at(x = opaque(2.0), y = opaque(3.0));
    CHECK(value_and_grad(x * y, wrt(x), p).grad[x] == 3.0);
    CHECK(value_and_grad(x * y, wrt(y), p).grad[y] == 2.0);
    STATIC_REQUIRE(value_and_grad(x * y, wrt(x), at(x = 2.0, y = 3.0)).grad[x] == 3.0);
    STATIC_REQUIRE(value_and_grad(x * y, wrt(y), at(x = 2.0, y = 3.0)).grad[y] == 2.0);
}
