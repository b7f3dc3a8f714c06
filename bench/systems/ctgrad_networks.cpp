// ctgrad on the seed networks and the scalar MLPs (see ctgrad_system.hpp).
#include "ctgrad_system.hpp"

namespace bench {
namespace {
const bool registered = register_ctgrad<decltype(std::tuple_cat(seed_cases{}, mlp_cases{}))>();
}
}  // namespace bench
