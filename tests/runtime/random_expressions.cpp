// Generated expressions (tests/random_expressions.hpp), CTGRAD_RANDOM_COUNT of them from
// number CTGRAD_RANDOM_OFFSET, each at three points:
//   - diff(f, v) against a 6-point central finite difference of f, for v = x, y, z;
//   - value_and_grad against eval(f) and eval(diff(f, v));
//   - diff(f, x, y) == diff(f, y, x).
// f, its three derivatives and both mixed partials are evaluated in one sweep
// (eval of a tuple), which keeps each expression's compile cost to two programs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <tuple>

#include "../random_expressions.hpp"

using namespace random_expressions;

namespace {
int checked_expressions = 0;
int finite_difference_checks = 0;
int skipped_near_kinks = 0;  // stencils straddling a kink of relu, abs, max or min
int count_by_depth[max_depth + 1] = {};
int with_long_chains = 0;  // f or a derivative holds a balanced chain (three terms or more)

template <class F>
double stencil(F f, double h) {  // 6-point central difference, error O(h^6)
    return (f(3 * h) - 9 * f(2 * h) + 45 * f(h) - 45 * f(-h) + 9 * f(-2 * h) - f(-3 * h)) / (60 * h);
}

bool close(double a, double b, double relative, double absolute) {
    if (std::isnan(a) || std::isnan(b)) return false;
    return std::fabs(a - b) <= absolute + relative * std::max(std::fabs(a), std::fabs(b));
}

template <std::size_t I>
void check_expression() {
    constexpr auto f = expression_number<I>();
    static_assert(depth_of<std::remove_const_t<decltype(f)>>() <= generation_of(I).max_depth);
    ++count_by_depth[depth_of<std::remove_const_t<decltype(f)>>()];
    const auto all = std::make_tuple(f, diff(f, x), diff(f, y), diff(f, z), diff(f, x, y), diff(f, y, x));
    if (std::apply([](const auto&... e) { return (has_long_chain<std::remove_cvref_t<decltype(e)>>() || ...); }, all))
        ++with_long_chains;
    const double points[3][3] = {{0.31, -0.73, 1.27}, {-1.13, 0.41, -0.57}, {0.87, 1.19, 0.23}};
    for (const auto& q : points) {
        const auto p = at(x = q[0], y = q[1], z = q[2]);
        const auto v = eval(all, p);
        const auto r = value_and_grad(f, wrt(x, y, z), p);
        INFO("expression " << I << " at (" << q[0] << ", " << q[1] << ", " << q[2] << "): " << to_string(f));
        CHECK(close(r.value, v[0], 1e-14, 1e-300));
        CHECK(close(r.grad[x], v[1], 1e-11, 1e-13));
        CHECK(close(r.grad[y], v[2], 1e-11, 1e-13));
        CHECK(close(r.grad[z], v[3], 1e-11, 1e-13));
        CHECK(close(v[4], v[5], 1e-10, 1e-12));
        for (int k = 0; k < 3; ++k) {
            auto shifted = [&](double h) {
                double s[3] = {q[0], q[1], q[2]};
                s[k] += h;
                return eval(all, at(x = s[0], y = s[1], z = s[2]))[0];
            };
            const double h = 1e-3;
            const double fd = stencil(shifted, h);
            // A stencil that straddles a kink disagrees with itself at a smaller step;
            // a wrong rule does not, so only those are skipped (and counted).
            if (!close(fd, stencil(shifted, h / 4), 1e-7, 1e-9)) {
                ++skipped_near_kinks;
                continue;
            }
            INFO("d/d" << "xyz"[k] << ": diff " << v[1 + k] << ", finite difference " << fd);
            CHECK(close(v[1 + k], fd, 1e-6, 1e-8));
            ++finite_difference_checks;
        }
    }
    ++checked_expressions;
}

template <std::size_t Offset, std::size_t... I>
void check_range(std::index_sequence<I...>) {
    (check_expression<Offset + I>(), ...);
}
}  // namespace

TEST_CASE("generated expressions: diff against finite differences, value_and_grad against diff", "[random]") {
    check_range<CTGRAD_RANDOM_OFFSET>(std::make_index_sequence<CTGRAD_RANDOM_COUNT>{});
    CHECK(checked_expressions == CTGRAD_RANDOM_COUNT);
    // almost every stencil must be usable, or the finite-difference check proves little
    CHECK(skipped_near_kinks * 20 < finite_difference_checks);
    // the balanced chains of long sums and products are checked here too, not only in the benchmarks
    CHECK(with_long_chains * 10 >= checked_expressions);
    std::ostringstream depths;
    for (int d = 0; d <= max_depth; ++d) depths << " " << d << ":" << count_by_depth[d];
    WARN("expressions " << checked_expressions << " (by depth" << depths.str() << "), points 3, finite-difference checks "
                        << finite_difference_checks << ", skipped near kinks " << skipped_near_kinks
                        << ", with long sums or products " << with_long_chains);
}
