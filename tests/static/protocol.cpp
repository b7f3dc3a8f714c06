// The operation protocol (ops/op.hpp) and the phases of the reverse schedule
// (detail/reverse_schedule.hpp), checked one by one.
#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;
namespace dt = ctgrad::detail;

// Every operation the library builds meets the protocol at its arity, and only there.
static_assert(operation<ops::exp, 1> && operation<ops::erf, 1> && operation<ops::sigmoid, 1>);
static_assert(operation<ops::add, 2> && operation<ops::mul, 2> && operation<ops::heaviside, 2>);
static_assert(operation<ops::two_over_sqrt_pi, 0> && operation<nn::ops::inv_sqrt2, 0>);
static_assert(!operation<ops::exp, 2> && !operation<ops::add, 1> && !operation<ops::exp, 0>);

struct no_backward {
    static constexpr std::string_view id = "no_backward";
    static constexpr int rank = 3;
    static constexpr print_format text{"f($0)"}, latex{"f($0)"};
    template <class T> static constexpr T value(T a) { return a; }
};
static_assert(!operation<no_backward, 1>);
struct wrong_properties : ops::exp {
    static constexpr bool properties = true;  // not an op_properties
};
static_assert(!operation<wrong_properties, 1>);
struct three_operands : ops::add {};
static_assert(!operation<three_operands, 3>);  // more than max_operands

// Defaults come from one place; declared properties override them.
static_assert(dt::properties_of<ops::exp>().reverse_reads[0] == dt::reads_all);
static_assert(!dt::properties_of<ops::exp>().zero_derivative && !dt::properties_of<ops::exp>().passes_adjoint[0]);
static_assert(dt::properties_of<ops::add>().passes_adjoint[0] && dt::properties_of<ops::add>().passes_adjoint[1]);
static_assert(dt::properties_of<ops::sub>().passes_adjoint[0] && !dt::properties_of<ops::sub>().passes_adjoint[1]);
static_assert(dt::properties_of<ops::mul>().reverse_reads[0] == dt::reads_b);
static_assert(dt::properties_of<ops::step>().zero_derivative);
static_assert(dt::properties_of<ops::ipow<3>>().param != dt::properties_of<ops::ipow<2>>().param);

// Node kinds.
constexpr var<"x"> x;
constexpr var<"y"> y;
static_assert(dt::kind_of<var<"x">>() == dt::node_kind::variable);
static_assert(dt::kind_of<constant<1, 2>>() == dt::node_kind::exact_constant);
static_assert(dt::kind_of<value_constant<double>>() == dt::node_kind::value_constant);
static_assert(dt::kind_of<decltype(named<"s">(exp(x)))>() == dt::node_kind::named);
static_assert(dt::kind_of<node<ops::two_over_sqrt_pi>>() == dt::node_kind::operation);
static_assert(dt::operand_count<decltype(x * y)>() == 2 && dt::operand_count<node<ops::two_over_sqrt_pi>>() == 0);

// The schedule's phases on f = step(x) + y * exp(x) over wrt(x). Canonical order puts the
// function before the product and the variable before the function, so the slots are
// 0 x, 1 step(x), 2 y, 3 exp(x), 4 y * exp(x), 5 f.
constexpr auto f = exp(x) * y + node<ops::step, var<"x">>(x);
using prog = dt::program_of<double, std::remove_const_t<decltype(f)>>;
constexpr auto& code = prog::value.code;
static_assert(code.size() == 6 && prog::value.roots[0] == 5);
static_assert(code[0].kind == dt::slot_kind::variable && code[1].arity() == 1 && code[4].arity() == 2);
static_assert(code[4].operand(0) == 2 && code[4].operand(1) == 3 && code[5].operand(0) == 1);

// The schedule's phases, read where the schedule keeps them (each its own constant
// evaluation): the arrays value_and_grad runs from.
using schedule = dt::reverse_schedule<prog, decltype(wrt(x)), double>;
// y is not active; step(x) is piecewise constant, so it stops the sweep
static_assert(schedule::active[0] && !schedule::active[1] && !schedule::active[2] && schedule::active[3] &&
              schedule::active[4] && schedule::active[5]);
static_assert(schedule::reached[0] && !schedule::reached[1] && schedule::reached[3] && schedule::reached[4] &&
              schedule::reached[5]);
static_assert(schedule::uses[0] == 2 && schedule::uses[1] == 1 && schedule::uses[2] == 1 && schedule::uses[4] == 1 &&
              schedule::uses[5] == 0);
// the sum passes its adjoint on, then the product, then exp: one step each
static_assert(schedule::timing.count == 3 && schedule::timing.order[0] == 5 && schedule::timing.order[1] == 4 &&
              schedule::timing.order[2] == 3);
// the sum feeds only its product operand, which takes over the sum's adjoint storage
constexpr auto& plan = schedule::value;
static_assert(plan.count == 3 && !plan.steps[0].to[0] && plan.steps[0].to[1] && !plan.steps[0].write[1] &&
              plan.storage[4] == 5 && plan.touched[0] && !plan.touched[1]);
// x's gradient is read from its own slot; a wrt list's tables are its key's
static_assert(schedule::gradient_source[0] == plan.storage[0]);
static_assert(std::is_same_v<schedule, dt::reverse_schedule<prog, decltype(wrt(x)), double>>);
