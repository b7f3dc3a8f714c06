// ctgrad on the AD suite at N = 128, sum, product and log-sum-exp (see ctgrad_system.hpp).
#include "ctgrad_system.hpp"

namespace bench {
namespace {
const bool registered = register_ctgrad<std::tuple<sum<128>, product<128>, log_sum_exp<128>>>();
}
}  // namespace bench
