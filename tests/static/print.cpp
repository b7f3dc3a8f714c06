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
#endif
