// bench/training/ctgrad_double.cpp - ctgrad's training-step cases in double.
#include "ctgrad_system.hpp"

namespace training {
void register_ctgrad_double() {
    for_each_case<family<double, loss_kind::mse>>([](auto* c) { register_ctgrad_case(c); });
    for_each_case<family<double, loss_kind::cross_entropy>>([](auto* c) { register_ctgrad_case(c); });
}
}  // namespace training
