// ctgrad/ctgrad.hpp - the umbrella header: everything a user names.
#pragma once

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/core/gradient.hpp>
#include <ctgrad/core/named.hpp>
#include <ctgrad/core/point.hpp>
#include <ctgrad/core/shape.hpp>
#include <ctgrad/core/tensor.hpp>
#include <ctgrad/core/tensor_binding.hpp>
#include <ctgrad/core/tensor_at.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/core/wrt.hpp>

#include <ctgrad/ops/abs.hpp>
#include <ctgrad/ops/add.hpp>
#include <ctgrad/ops/broadcast.hpp>
#include <ctgrad/ops/channels.hpp>  // nn::conv2d with a bias
#include <ctgrad/ops/conv2d.hpp>  // nn::conv2d
#include <ctgrad/ops/cos.hpp>
#include <ctgrad/ops/div.hpp>
#include <ctgrad/ops/erf.hpp>
#include <ctgrad/ops/exp.hpp>
#include <ctgrad/ops/irrational.hpp>
#include <ctgrad/ops/kernel.hpp>  // tensor_in / tensor_out: for writing kernel operations
#include <ctgrad/ops/log.hpp>
#include <ctgrad/ops/log_sigmoid.hpp>
#include <ctgrad/ops/matmul.hpp>
#include <ctgrad/ops/max.hpp>
#include <ctgrad/ops/min.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/neg.hpp>
#include <ctgrad/ops/pool2d.hpp>  // nn::max_pool2d, nn::avg_pool2d
#include <ctgrad/ops/pow.hpp>
#include <ctgrad/ops/reshape.hpp>
#include <ctgrad/ops/relu.hpp>
#include <ctgrad/ops/sigmoid.hpp>
#include <ctgrad/ops/sin.hpp>
#include <ctgrad/ops/softmax.hpp>
#include <ctgrad/ops/softmax_cross_entropy.hpp>
#include <ctgrad/ops/softplus.hpp>
#include <ctgrad/ops/sqrt.hpp>
#include <ctgrad/ops/step.hpp>
#include <ctgrad/ops/sub.hpp>
#include <ctgrad/ops/sum.hpp>
#include <ctgrad/ops/tanh.hpp>
#include <ctgrad/ops/transpose.hpp>

#include <ctgrad/check.hpp>
#include <ctgrad/derivatives.hpp>
#include <ctgrad/diff.hpp>
#include <ctgrad/dot.hpp>
#include <ctgrad/explain.hpp>
#include <ctgrad/eval.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/nn.hpp>
#include <ctgrad/optim.hpp>
#include <ctgrad/print.hpp>
#include <ctgrad/reverse.hpp>
#include <ctgrad/second_order.hpp>
#include <ctgrad/to_cpp.hpp>
#include <ctgrad/workspace.hpp>
