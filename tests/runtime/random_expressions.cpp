// 200 generated expressions (every operation at the root of some): value_and_grad agrees
// with eval(diff) for every variable at three points, and mixed partials commute.
#include <catch2/catch.hpp>

#include <cmath>

#include "../random_expressions.hpp"

using namespace random_expressions;

namespace {
int checked_expressions = 0;

template <std::size_t I>
void check_expression() {
    constexpr auto f = expression_number<I>();
    const double points[3][3] = {{0.31, -0.73, 1.27}, {-1.13, 0.41, -0.57}, {0.87, 1.19, 0.23}};
    for (const auto& q : points) {
        auto p = at(x = q[0], y = q[1], z = q[2]);
        auto r = value_and_grad(f, wrt(x, y, z), p);
        INFO("expression " << I << ": " << to_string(f));
        CHECK(r.value == Approx(eval(f, p)).epsilon(1e-14).margin(1e-300));
        CHECK(r.grad[x] == Approx(eval(diff(f, x), p)).epsilon(1e-11).margin(1e-13));
        CHECK(r.grad[y] == Approx(eval(diff(f, y), p)).epsilon(1e-11).margin(1e-13));
        CHECK(r.grad[z] == Approx(eval(diff(f, z), p)).epsilon(1e-11).margin(1e-13));
        CHECK(eval(diff(f, x, y), p) == Approx(eval(diff(f, y, x), p)).epsilon(1e-10).margin(1e-12));
    }
    ++checked_expressions;
}

template <std::size_t Offset, std::size_t... I>
void check_range(std::index_sequence<I...>) {
    (check_expression<Offset + I>(), ...);
}
}  // namespace

TEST_CASE("generated expressions: value_and_grad agrees with eval(diff)", "[random]") {
    check_range<CTGRAD_RANDOM_OFFSET>(std::make_index_sequence<CTGRAD_RANDOM_COUNT>{});
    CHECK(checked_expressions == CTGRAD_RANDOM_COUNT);
}
