// ctgrad/ops/softmax_cross_entropy.hpp - the cross-entropy of softmax(Z) against targets Y, per
// row, fused: -sum_j y_j log_softmax(z)_j, whose gradient is softmax(z) - y for one-hot rows.
// It is nn::softmax_cross_entropy (nn.hpp).
#pragma once
#include <cstddef>

#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/op.hpp>
#include <ctgrad/ops/softmax.hpp>

namespace ctgrad::ops {
struct softmax_cross_entropy {
    static constexpr std::string_view id = "softmax_cross_entropy";
    static constexpr int rank = 3;
    static constexpr print_format text{"softmax_cross_entropy($0, $1)", precedence::atom, 0, 0};
    static constexpr print_format latex{"\\operatorname{CE}\\left(\\operatorname{softmax}\\left($0\\right), $1\\right)",
                                        precedence::atom, 0, 0};
    static constexpr op_properties properties{.reverse_reads = {detail::reads_a | detail::reads_b, detail::reads_a}};
    /// One loss per row: a vector for a matrix, a scalar for a vector.
    static constexpr shape result_shape(shape z, shape) { return z.rank == 2 ? shape{1, 1, z.rows} : shape{}; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> z, tensor_in<T> y) {
        const std::size_t n = z.dims.cols;
        for (std::size_t i = 0; i < z.dims.rows; ++i) {
            const auto lse = detail::log_sum_exp(z.data + i * n, n);
            T loss = T(0);
            for (std::size_t j = 0; j < n; ++j) loss -= y(i, j) * lse.log_softmax(z(i, j));
            out[i] = loss;
        }
    }
    /// dZ = adj (softmax(z) sum_j y_j - y), dY = -adj log_softmax(z), per row.
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> z, tensor_in<T> y, tensor_in<T>,
                                   tensor_in<T> adj) {
        const std::size_t n = z.dims.cols;
        for (std::size_t i = 0; i < z.dims.rows; ++i) {
            const auto lse = detail::log_sum_exp(z.data + i * n, n);
            T targets = T(0);
            if constexpr (I == 0)
                for (std::size_t j = 0; j < n; ++j) targets += y(i, j);
            for (std::size_t j = 0; j < n; ++j) {
                const T log_s = lse.log_softmax(z(i, j));
                const T d = I == 0 ? adj[i] * (math::exp(log_s) * targets - y(i, j)) : -adj[i] * log_s;
                dst(i, j) = (accumulate ? dst(i, j) : T(0)) + d;
            }
        }
    }
};
}  // namespace ctgrad::ops
