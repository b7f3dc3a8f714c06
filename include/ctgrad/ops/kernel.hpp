// ctgrad/ops/kernel.hpp - tensor kernels: the rules of an operation that is not elementwise
// (matmul, transpose, reductions, softmax). An elementwise operation states scalar rules
// (ops/op.hpp) and the sweep applies them to every element, broadcasting; a kernel operation
// states what it does to whole tensors instead:
//   result_shape(s0...)                     shape  the node's shape from its operands' (the
//                                                  user function has checked them)
//   forward<T>(out, a0...)                  void   out = the node's value
//   backward<I, T>(dst, accumulate, a0..., out, adj)
//                                           void   dst (=|+=) the vector-Jacobian product of
//                                                  operand I: adj^T d out / d operand I
//   vjp<I>(self, adj, a0...)                an expression: the same, symbolic, for diff
//                                                  (diff.hpp; adj may be smaller than the
//                                                  node and broadcast to it)
// Optional:
//   scratch(s0...)                          size_t elements of scratch space the kernel may use
//                                                  (out.scratch, dst.scratch), sized at compile
//                                                  time with the values: matmul packs GEMM panels
//                                                  there instead of allocating. Shared by every
//                                                  kernel: nothing in it outlives the call
//   kept(s0...)                             size_t elements forward leaves for backward
//                                                  (out.kept, written by forward, read by
//                                                  backward through its out operand's kept;
//                                                  its reverse step then waits for its forward
//                                                  one): softmax cross-entropy keeps each row's
//                                                  log-sum-exp instead of recomputing it
// A kernel reads and writes whole tensors through views of concrete shapes: where an operand
// has the run-time batch (core/shape.hpp), its shape at the bound batch, so result_shape must
// carry the batch axis through and `kept` must be linear in the batch (the layout reads it at
// batches of 1 and 2); `scratch` is then asked at run time. At run time a kernel calls Eigen,
// under constant evaluation plain loops (each kernel in its op file: ops/matmul.hpp, ...).
#pragma once
#include <concepts>
#include <cstddef>

#include <ctgrad/core/shape.hpp>

namespace ctgrad {

/// A tensor a kernel reads: row-major data of a concrete shape (a kernel's own value in
/// backward also brings what its forward kept).
template <class T>
struct tensor_in {
    const T* data;
    shape dims;
    const T* kept = nullptr;
    constexpr const T& operator[](std::size_t k) const { return data[k]; }
    constexpr const T& operator()(std::size_t i, std::size_t j) const { return data[i * dims.cols + j]; }
};
/// A tensor a kernel writes, with the scratch space it asked for (see `scratch` above).
template <class T>
struct tensor_out {
    T* data;
    shape dims;
    T* scratch = nullptr;
    std::size_t scratch_size = 0;
    T* kept = nullptr;
    constexpr T& operator[](std::size_t k) const { return data[k]; }
    constexpr T& operator()(std::size_t i, std::size_t j) const { return data[i * dims.cols + j]; }
};

namespace detail {
template <class Op, std::size_t Arity>
concept has_kernel_rules_of_arity =
    (Arity == 1 && requires(shape s, tensor_in<double> a, tensor_out<double> o, bool acc) {
        { Op::result_shape(s) } -> std::same_as<shape>;
        Op::template forward<double>(o, a);
        Op::template backward<0, double>(o, acc, a, a, a);
    }) ||
    (Arity == 2 && requires(shape s, tensor_in<double> a, tensor_out<double> o, bool acc) {
        { Op::result_shape(s, s) } -> std::same_as<shape>;
        Op::template forward<double>(o, a, a);
        Op::template backward<0, double>(o, acc, a, a, a, a);
        Op::template backward<1, double>(o, acc, a, a, a, a);
    });
}  // namespace detail
}  // namespace ctgrad
