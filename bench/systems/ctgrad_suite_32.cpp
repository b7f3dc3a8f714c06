// ctgrad on the AD suite at N = 32 (see ctgrad_system.hpp).
#include "ctgrad_system.hpp"

namespace bench {
namespace {
const bool registered = register_ctgrad<suite_cases<32>>();
}
}  // namespace bench
