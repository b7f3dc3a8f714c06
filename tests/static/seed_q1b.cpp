// The seed's Q1(b): y = sigmoid(a relu(c x1 + e x2)) + sigmoid(b relu(d x1 + f x2)),
// written as in the seed, with its one-letter weights next to `using namespace ctgrad`.
#include <ctgrad/ctgrad.hpp>

#include "../seed_networks.hpp"
#include "../support.hpp"

using namespace ctgrad;
using ctgrad_test::close;

using namespace seed_q1b;

// forward pass: r1 = 2, r2 = 0, s1 = sigmoid(2), s2 = 1/2
static_assert(eval(r1, p) == 2.0 && eval(r2, p) == 0.0);
static_assert(close(eval(s1, p), 0.88079707797788231) && eval(s2, p) == 0.5);
static_assert(close(eval(y, p), 1.3807970779778822));

// symbolic derivatives, exact values (the seed rounds sigmoid(2) to 0.9)
static_assert(close(eval(diff(y, a), p), 0.20998717080701323));
static_assert(close(eval(diff(y, c), p), 0.10499358540350662));
static_assert(close(eval(diff(y, e), p), -0.10499358540350662));
static_assert(eval(diff(y, b), p) == 0.0 && eval(diff(y, d), p) == 0.0 && eval(diff(y, f), p) == 0.0);

// the seed's chain rule: dy/da = r1 s1 (1 - s1), dy/dc = a s1 (1 - s1) x1
static_assert(close(eval(diff(y, a), p), eval(r1 * s1 * (1.0 - s1), p)));
static_assert(close(eval(diff(y, c), p), eval(a * s1 * (1.0 - s1) * x1, p)));

// the same by one forward and one reverse sweep
constexpr auto r = value_and_grad(y, wrt(a, b, c, d, e, f), p);
static_assert(close(r.value, 1.3807970779778822));
static_assert(close(r.grad[a], 0.20998717080701323) && close(r.grad[c], 0.10499358540350662));
static_assert(close(r.grad[e], -0.10499358540350662));
static_assert(r.grad[b] == 0.0 && r.grad[d] == 0.0 && r.grad[f] == 0.0);

// a gradient-descent step (w <- w - alpha dy/dw) lowers y
constexpr double alpha = 0.5;
constexpr auto p2 = at(x1 = 1.0, x2 = -1.0, a = 1.0 - alpha * r.grad[a], b = 1.0, c = 4.0 - alpha * r.grad[c],
                       d = 1.0, e = 2.0 - alpha * r.grad[e], f = 2.0);
static_assert(eval(y, p2) < eval(y, p));
