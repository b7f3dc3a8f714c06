// The seed's Q2: Loss = 1/2 (sigmoid(w2 sigmoid(w1 x)) - y)^2; its derivatives equal the
// seed's forward-value formulas at several points.
#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

#include "../seed_networks.hpp"
#include "../support.hpp"

using namespace ctgrad;
using ctgrad_test::close;

using namespace seed_q2;
constexpr auto dw2 = diff(loss, w2);
constexpr auto dw1 = diff(loss, w1);
// the seed's formulas
constexpr auto seed_dw2 = (a2 - y) * a2 * (1.0 - a2) * a1;
constexpr auto seed_dw1 = (a2 - y) * a2 * (1.0 - a2) * w2 * a1 * (1.0 - a1) * x;

template <class P>
constexpr bool matches(const P& p) {
    auto r = value_and_grad(loss, wrt(w1, w2), p);
    return close(eval(dw2, p), eval(seed_dw2, p)) && close(eval(dw1, p), eval(seed_dw1, p)) &&
           close(r.grad[w2], eval(seed_dw2, p)) && close(r.grad[w1], eval(seed_dw1, p)) &&
           close(r.value, eval(0.5 * (a2 - y) * (a2 - y), p));
}
static_assert(matches(at(x = 1.0, y = 1.0, w1 = 0.5, w2 = -0.25)));
static_assert(matches(at(x = -2.0, y = 0.0, w1 = 1.5, w2 = 2.0)));
static_assert(matches(at(x = 0.3, y = 1.0, w1 = -3.0, w2 = 0.75)));
static_assert(matches(at(x = 4.0, y = 0.0, w1 = 0.0, w2 = 1.0)));

// the seed's update w1 <- w1 - alpha dLoss/dw1 lowers the loss for a small step
constexpr auto p = at(x = 1.0, y = 1.0, w1 = 0.5, w2 = -0.25);
constexpr double step = 0.1 * eval(dw1, p);
static_assert(eval(loss, at(x = 1.0, y = 1.0, w1 = 0.5 - step, w2 = -0.25)) < eval(loss, p));
