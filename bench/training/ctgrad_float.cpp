// bench/training/ctgrad_float.cpp - ctgrad's training-step cases in float.
#include "ctgrad_system.hpp"

namespace training {
void register_ctgrad_float() {
    for_each_case<family<float, loss_kind::mse>>([](auto* c) { register_ctgrad_case(c); });
    for_each_case<family<float, loss_kind::cross_entropy>>([](auto* c) { register_ctgrad_case(c); });
}
}  // namespace training
