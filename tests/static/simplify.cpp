// Type-level simplification: exact result types (mp-units style is_same assertions).
#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;
using namespace ctgrad::literals;

constexpr var<"x"> x;
constexpr var<"y"> y;
constexpr var<"z"> z;
using X = var<"x">;
using Y = var<"y">;

template <class A, class B>
constexpr bool is(const A&, const B&) {
    return std::is_same_v<A, B>;
}
template <class Expected, class A>
constexpr bool is_type(const A&) {
    return std::is_same_v<A, Expected>;
}

// 0 and 1 pruning
static_assert(is(x + 0_c, x));                                     // 1
static_assert(is(0_c + x, x));                                     // 2
static_assert(is(x - 0_c, x));                                     // 3
static_assert(is(x * 1_c, x));                                     // 4
static_assert(is(1_c * x, x));                                     // 5
static_assert(is_type<constant<0>>(x * 0_c));                      // 6
static_assert(is_type<constant<0>>(0_c / x));                      // 7
static_assert(is(x / 1_c, x));                                     // 8
static_assert(is(pow(x, 1_c), x));                                 // 9
static_assert(is_type<constant<1>>(pow(x, 0_c)));                  // 10
// exact rational folding
static_assert(is_type<constant<5>>(2_c + 3_c));                    // 11
static_assert(is_type<constant<1, 6>>(constant<1, 2>{} - constant<1, 3>{}));  // 12
static_assert(is_type<constant<3, 4>>(constant<1, 2>{} * constant<3, 2>{}));  // 13
static_assert(is_type<constant<2, 3>>(2_c / 3_c));                 // 14
static_assert(is_type<constant<8>>(pow(2_c, 3_c)));                // 15
static_assert(is_type<constant<1, 2>>(constant<2, 4>{}));          // 16: normalized
static_assert(is_type<constant<-3>>(-3_c));                        // 17
// like terms
static_assert(is_type<constant<0>>(x - x));                        // 18
static_assert(is_type<constant<1>>(x / x));                        // 19
static_assert(is(x + x, 2_c * x));                                 // 20
static_assert(is(3_c * x - x, 2_c * x));                           // 21
static_assert(is_type<constant<0>>(x + -x));                       // 22
// constants merged and floated to the front
static_assert(is(2_c * (3_c * x), 6_c * x));                       // 23
static_assert(is(x * 2_c, 2_c * x));                               // 24
static_assert(is((2_c * x) * y, 2_c * (x * y)));                   // 25
static_assert(is(x / 2_c, constant<1, 2>{} * x));                  // 26
static_assert(is((4_c * x) / y, 4_c * (x / y)));                   // 27
// canonical order for + and *
static_assert(is(x * y, y * x));                                   // 28
static_assert(is(x + y, y + x));                                   // 29
static_assert(!is((x + y) + z, x + (y + z)));                      // 30: associativity is not normalized
static_assert(is((x * y) * z, z * (y * x)));                       // 30b
static_assert(is(max(x, y), max(y, x)));                           // 31
static_assert(is(exp(x) * x, x * exp(x)));                         // 32
// negation
static_assert(is(-(-x), x));                                       // 33
static_assert(is(-(2_c * x), -2_c * x));                           // 34
static_assert(is(x - (-y), x + y));                                // 35
static_assert(is(x + (-y), x - y));                                // 36
static_assert(is(-(x - y), y - x));                                // 37
static_assert(is(-1_c * x, -x));                                   // 38
// powers
static_assert(is(x * x, square(x)));                               // 39
static_assert(is(pow(x, 2_c), square(x)));                         // 40
static_assert(is(pow(square(x), 3_c), pow(x, 6_c)));               // 41
static_assert(is(square(-x), square(x)));                          // 42
// functions of exact constants
static_assert(is_type<constant<1>>(exp(0_c)));                     // 43
static_assert(is_type<constant<0>>(log(1_c)));                     // 44
static_assert(is_type<constant<1, 2>>(sigmoid(0_c)));              // 45
static_assert(is_type<constant<3>>(relu(3_c)));                    // 46
static_assert(is_type<constant<0>>(relu(-3_c)));                   // 47
static_assert(is_type<constant<3>>(abs(-3_c)));                    // 48
static_assert(is_type<constant<2>>(max(2_c, -5_c)));               // 49

// the derivative of anything that does not depend on x is exactly constant<0>
static_assert(is_type<constant<0>>(diff(y * exp(y) + 2_c, x)));
static_assert(is_type<constant<0>>(diff(sigmoid(y) * relu(z), x)));
static_assert(is_type<constant<1>>(diff(x, x)));
static_assert(is(diff(x * y, x), y));
static_assert(is(diff(3_c * x * x, x), 6_c * x));
static_assert(is(diff(exp(x), x), exp(x)));

// expressions of variables and exact constants are empty types; value constants are state
static_assert(std::is_empty_v<decltype(sigmoid(x * y) + relu(2_c * z))>);
static_assert(sizeof(x * y + exp(z)) == 1);
static_assert(!std::is_empty_v<decltype(0.5 * x)>);
static_assert(sizeof(0.5 * x) == sizeof(double));

// mixed and higher derivatives
static_assert(is(diff(x * x * y, x, y), diff(x * x * y, y, x)));
static_assert(is(diff(pow(x, 3_c), x, x), 6_c * x));
