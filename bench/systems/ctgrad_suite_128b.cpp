// ctgrad on the AD suite at N = 128, normal log-density: a translation unit of its own,
// as its compile is one of the two longest (see ctgrad_system.hpp).
#include "ctgrad_system.hpp"

namespace bench {
namespace {
const bool registered = register_ctgrad<std::tuple<normal_log_density<128>>>();
}
}  // namespace bench
