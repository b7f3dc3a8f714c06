// Calculus rules as laws over many expressions (Boost.Hana's laws style): linearity,
// product rule, quotient rule and chain rule, checked by value at several points.
#include <ctgrad/ctgrad.hpp>

#include "../support.hpp"

using namespace ctgrad;
using namespace ctgrad::literals;
using ctgrad_test::close;

constexpr var<"x"> x;
constexpr var<"y"> y;

constexpr auto points = std::array{at(x = 0.7, y = -1.3), at(x = 1.9, y = 0.49), at(x = 0.25, y = 2.5)};

template <class F, class G>
constexpr bool laws_hold(const F& f, const G& g) {
    for (const auto& p : points) {
        double df = eval(diff(f, x), p), dg = eval(diff(g, x), p);
        double fv = eval(f, p), gv = eval(g, p);
        if (!close(eval(diff(f + g, x), p), df + dg, 1e-12, 1e-14)) return false;                 // sum
        if (!close(eval(diff(f - g, x), p), df - dg, 1e-12, 1e-14)) return false;                 // difference
        if (!close(eval(diff(3_c * f, x), p), 3 * df, 1e-12, 1e-14)) return false;                // constant factor
        if (!close(eval(diff(f * g, x), p), df * gv + fv * dg, 1e-12, 1e-14)) return false;      // product
        if (!close(eval(diff(f / g, x), p), (df * gv - fv * dg) / (gv * gv), 1e-11, 1e-14)) return false;  // quotient
        if (!close(eval(diff(exp(f), x), p), eval(exp(f), p) * df, 1e-12, 1e-14)) return false;  // chain
        if (!close(eval(diff(sin(g), x), p), eval(cos(g), p) * dg, 1e-12, 1e-14)) return false;  // chain
        if (eval(diff(f, x, y), p) != eval(diff(f, y, x), p) &&
            !close(eval(diff(f, x, y), p), eval(diff(f, y, x), p), 1e-12, 1e-14))
            return false;  // symmetry of mixed partials
    }
    return true;
}

static_assert(laws_hold(x * y, exp(x) + y));
static_assert(laws_hold(sigmoid(x * y), tanh(x) + 2_c));
static_assert(laws_hold(log(x + 2_c) * y, sqrt(x + 1_c)));
static_assert(laws_hold(pow(x, 3_c) - y, softplus(x - y)));
static_assert(laws_hold(sin(x) * cos(y), pow(x + 1_c, y)));
static_assert(laws_hold(square(x * y), log_sigmoid(x) + 5_c));
static_assert(laws_hold(0.5 * x * x, 1.5 * x + y));
static_assert(laws_hold(abs(x - y), max(x, y) + min(x, 2.0 * y)));
static_assert(laws_hold(relu(x - 0.5), x / (y * y + 1_c)));

// d(constant) = 0 for every operation
static_assert(eval(diff(exp(y) * sigmoid(y) + log(y * y), x), at(y = 1.0)) == 0.0);
