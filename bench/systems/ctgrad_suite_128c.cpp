// ctgrad on the AD suite at N = 128, linear regression: a translation unit of its own,
// as its compile is the longest (see ctgrad_system.hpp).
#include "ctgrad_system.hpp"

namespace bench {
namespace {
const bool registered = register_ctgrad<std::tuple<linear_regression<128>>>();
}
}  // namespace bench
