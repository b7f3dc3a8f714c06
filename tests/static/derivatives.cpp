// grad, hessian, jacobian, hvp, check_grad and eval of a tuple in constant expressions.
#include <ctgrad/ctgrad.hpp>

#include "../seed_networks.hpp"
#include "../support.hpp"

using namespace ctgrad;
using namespace ctgrad::literals;
using ctgrad_test::close;

namespace two_vars {
constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr auto f = exp(x * y) + pow(x, 3_c) * sin(y) - log(1_c + x * x);
constexpr auto p = at(x = 0.4, y = -1.2);
constexpr auto h = hessian(f, wrt(x, y), p);
// symmetric, and equal to the mixed symbolic derivatives
static_assert(h(x, y) == h(y, x));
static_assert(close(h(x, x), eval(diff(f, x, x), p)) && close(h(y, y), eval(diff(f, y, y), p)));
static_assert(close(h(x, y), eval(diff(f, x, y), p)) && close(h(x, y), eval(diff(f, y, x), p)));
// several expressions in one sweep: each value equals its own eval
constexpr auto all = eval(std::tuple{f, diff(f, x), diff(f, x, y), x * y}, p);
static_assert(all[0] == eval(f, p) && all[1] == eval(diff(f, x), p) && all[2] == eval(diff(f, x, y), p));
static_assert(all[3] == 0.4 * -1.2);
// H v without forming H
constexpr auto hv = hvp(f, wrt(x, y), p, {2.0, -0.5});
static_assert(close(hv[x], 2.0 * h(x, x) - 0.5 * h(x, y)) && close(hv[y], 2.0 * h(y, x) - 0.5 * h(y, y)));
// jacobian rows are gradients
constexpr auto j = jacobian(std::tuple{f, x * y, sigmoid(y)}, wrt(x, y), p);
static_assert(j[0] == grad(f, wrt(x, y), p).values);
static_assert(j[1][0] == -1.2 && close(j[1][1], 0.4));
static_assert(j[2][0] == 0.0);
// grad without a point: expressions
constexpr auto g = grad(f, wrt(x, y));
static_assert(std::is_same_v<std::remove_cvref_t<decltype(g[y])>, decltype(diff(f, y))>);
static_assert(close(eval(g[x], p), grad(f, wrt(x, y), p)[x]));
// check_grad accepts the gradient
static_assert(check_grad(f, wrt(x, y), p));
}  // namespace two_vars

namespace tensor_second_order {
// hvp along a direction of the variable's shape, and hessian blocks, in constant evaluation:
// f = sum(w^3) + a sum(w) has H_ww = diag(6 w), H_wa = 1
constexpr var<"w", 2> w;
constexpr var<"a"> a;
static constexpr std::array<double, 2> ws{1, 2}, along{1, -1};
constexpr auto f = sum(w * w * w) + a * sum(w);
constexpr auto p = at(w = ws, a = 0.5);
constexpr auto hv = hvp(f, wrt(w, a), p, at(w = along, a = 2.0));
static_assert(hv[w](0) == 6.0 * 1 + 2.0 && hv[w](1) == -12.0 + 2.0 && hv[a] == 0.0);
constexpr auto h = hessian(f, wrt(w, a), p);
static_assert(h(w, w)(0, 0) == 6.0 && h(w, w)(1, 1) == 12.0 && h(w, w)(0, 1) == 0.0);
static_assert(h(w, a)(1, 0) == 1.0 && h(a, w)(0, 1) == 1.0 && h(a, a)(0, 0) == 0.0);
}  // namespace tensor_second_order

// check_grad accepts every seed network
static_assert(check_grad(seed_q1b::y, wrt(seed_q1b::a, seed_q1b::b, seed_q1b::c, seed_q1b::d, seed_q1b::e, seed_q1b::f),
                         seed_q1b::p));
static_assert(check_grad(seed_q2::loss, wrt(seed_q2::w1, seed_q2::w2),
                         at(seed_q2::x = 1.0, seed_q2::y = 1.0, seed_q2::w1 = 0.5, seed_q2::w2 = -0.25)));
// ... and rejects a wrong one (mutation: one component off by 1%)
constexpr auto seed_grad = grad(seed_q2::loss, wrt(seed_q2::w1, seed_q2::w2),
                                at(seed_q2::x = 1.0, seed_q2::y = 1.0, seed_q2::w1 = 0.5, seed_q2::w2 = -0.25));
static_assert(!check_gradient(seed_q2::loss, wrt(seed_q2::w1, seed_q2::w2),
                              at(seed_q2::x = 1.0, seed_q2::y = 1.0, seed_q2::w1 = 0.5, seed_q2::w2 = -0.25),
                              {seed_grad[0], seed_grad[1] * 1.01}));
