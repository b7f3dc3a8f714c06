// ctgrad on the AD suite at N = 8 (see ctgrad_system.hpp).
#include "ctgrad_system.hpp"

namespace bench {
namespace {
const bool registered = register_ctgrad<suite_cases<8>>();
}
}  // namespace bench
