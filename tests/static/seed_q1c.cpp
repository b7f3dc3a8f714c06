// The seed's Q1(c): max-based classifiers f >= 0 on the crosses, f < 0 on the dots.
#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;
using namespace ctgrad::literals;

constexpr var<"x1"> x1;
constexpr var<"x2"> x2;

// plot 1: crosses where |x1| >= 1, dots between
constexpr auto f1 = max(x1, -x1) - 1_c;
constexpr auto f1_alt = max(-x1, x1) - 1_c;
static_assert(std::is_same_v<decltype(f1), decltype(f1_alt)>);  // canonical order: one type
static_assert(eval(f1, at(x1 = 2.0, x2 = 0.0)) >= 0 && eval(f1, at(x1 = -1.5, x2 = 1.0)) >= 0);
static_assert(eval(f1, at(x1 = 1.0, x2 = -2.0)) >= 0);
static_assert(eval(f1, at(x1 = 0.0, x2 = 0.0)) < 0 && eval(f1, at(x1 = 0.5, x2 = -1.0)) < 0);
static_assert(eval(f1, at(x1 = -0.75, x2 = 2.0)) < 0);

// plot 2: crosses on or above the V x2 = |x1|
constexpr auto f2 = x2 - max(x1, -x1);
constexpr auto f2_alt = -max(x1 - x2, -x1 - x2);
static_assert(eval(f2, at(x1 = 0.0, x2 = 1.0)) >= 0 && eval(f2, at(x1 = 1.0, x2 = 2.0)) >= 0);
static_assert(eval(f2, at(x1 = -2.0, x2 = 2.0)) >= 0);
static_assert(eval(f2, at(x1 = 2.0, x2 = 1.0)) < 0 && eval(f2, at(x1 = -1.0, x2 = 0.0)) < 0);
static_assert(eval(f2_alt, at(x1 = 0.0, x2 = 1.0)) >= 0 && eval(f2_alt, at(x1 = 2.0, x2 = 1.0)) < 0);

// ties split the gradient: d max(x1, -x1) / dx1 at 0 is 1/2 - 1/2 = 0
static_assert(eval(diff(f1, x1), at(x1 = 0.0)) == 0.0);
static_assert(eval(diff(f1, x1), at(x1 = 3.0)) == 1.0 && eval(diff(f1, x1), at(x1 = -3.0)) == -1.0);
