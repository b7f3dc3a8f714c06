// to_string in constant expressions (g++ 12 has constexpr std::string; clang 14 with
// libstdc++ 12 does not, so these run there in tests/runtime/print.cpp).
#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

#include "../seed_networks.hpp"

using namespace ctgrad;

#if !defined(__clang__)
using namespace seed_q2;
static_assert(to_string(diff(loss, w2)) == "(a2 - y) * a1 * a2 * (1 - a2)");
static_assert(to_string(diff(loss, w1)) == "(a2 - y) * a2 * (1 - a2) * w2 * x * a1 * (1 - a1)");
static_assert(to_string(loss) == "1/2 * (a2 - y)^2");
// the chain rule node by node, written while compiling
static_assert(explain(named<"Loss">(loss), w2, at(x = 1.0, y = 1.0, w1 = 0.5, w2 = -0.25)) ==
              "dLoss/dw2 = dLoss/da2 * da2/dw2\n"
              "          = (a2 - y) * a1 * a2 * (1 - a2)\n"
              "          = (0.461175 - 1) * 0.622459 * 0.461175 * (1 - 0.461175)\n"
              "          = -0.0833436");
#endif
