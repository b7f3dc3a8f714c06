// ctgrad/ops/softmax_cross_entropy.hpp - the cross-entropy of softmax(Z) against targets Y, per
// row, fused: log(sum_j exp(z_j)) - sum_j y_j z_j. For rows of Y that sum to 1 (one-hot, or
// probabilities) this is -sum_j y_j log_softmax(z)_j; written this way its gradient is
// softmax(z) - y for every Y, so the printed gradient is exact. It is nn::softmax_cross_entropy.
#pragma once
#include <cstddef>

#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/ops/fwd.hpp>
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
    // (the helper uses softmax.hpp's ctgrad_log_sum_exp, emitted first)
    static constexpr cpp_code cpp{.value = "ctgrad_softmax_cross_entropy($out, $0, $1, $R0, $C0);",
                                  .backward = {"ctgrad_softmax_cross_entropy_vjp(0, $dst, $0, $1, $adj, $R0, $C0);",
                                               "ctgrad_softmax_cross_entropy_vjp(1, $dst, $0, $1, $adj, $R0, $C0);"},
                                  .helpers = {detail::softmax_cpp_helpers, R"(#ifndef CTGRAD_CPP_SOFTMAX_CROSS_ENTROPY
#define CTGRAD_CPP_SOFTMAX_CROSS_ENTROPY
template <class T>
void ctgrad_softmax_cross_entropy(T* out, const T* z, const T* y, std::size_t rows, std::size_t n) {
    for (std::size_t i = 0; i < rows; ++i) {
        T max, log_sum;
        ctgrad_log_sum_exp(z + i * n, n, max, log_sum);
        T loss = max + log_sum;
        for (std::size_t j = 0; j < n; ++j) loss -= y[i * n + j] * z[i * n + j];
        out[i] = loss;
    }
}
// operand 0: adj (softmax(z) - y), operand 1: -adj z, per row
template <class T>
void ctgrad_softmax_cross_entropy_vjp(int operand, T* d, const T* z, const T* y, const T* adj, std::size_t rows,
                                      std::size_t n) {
    for (std::size_t i = 0; i < rows; ++i) {
        T max = T(0), log_sum = T(0);
        if (operand == 0) ctgrad_log_sum_exp(z + i * n, n, max, log_sum);
        for (std::size_t j = 0; j < n; ++j)
            d[i * n + j] += operand == 0 ? adj[i] * (std::exp((z[i * n + j] - max) - log_sum) - y[i * n + j])
                                         : -adj[i] * z[i * n + j];
    }
}
#endif
)"}};
    /// One loss per row: a vector for a matrix, a scalar for a vector.
    static constexpr shape result_shape(shape z, shape) {
        return z.rank == 2 ? shape{1, 1, z.rows, z.batch == batch_axis::rows ? batch_axis::cols : batch_axis::none} : shape{};
    }
    /// Each row's log-sum-exp (its max and the log of its sum), from forward to backward: the
    /// gradient's exps are then the row's only ones.
    static constexpr std::size_t kept(shape z, shape) { return 2 * z.rows; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> z, tensor_in<T> y) {
        const std::size_t n = z.dims.cols;
        for (std::size_t i = 0; i < z.dims.rows; ++i) {
            const auto lse = detail::log_sum_exp(z.data + i * n, n);
            out.kept[2 * i] = lse.max;
            out.kept[2 * i + 1] = lse.log_sum;
            T loss = lse.max + lse.log_sum;
            for (std::size_t j = 0; j < n; ++j) loss -= y(i, j) * z(i, j);
            out[i] = loss;
        }
    }
    /// dZ = adj (softmax(z) - y), dY = -adj z, per row.
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> z, tensor_in<T> y, tensor_in<T> self,
                                   tensor_in<T> adj) {
        const std::size_t n = z.dims.cols;
        for (std::size_t i = 0; i < z.dims.rows; ++i) {
            const auto lse = I == 0 ? detail::row_log_sum_exp<T>{self.kept[2 * i], self.kept[2 * i + 1]} : detail::row_log_sum_exp<T>{};
            for (std::size_t j = 0; j < n; ++j) {
                const T d = I == 0 ? adj[i] * (math::exp(lse.log_softmax(z(i, j))) - y(i, j)) : -adj[i] * z(i, j);
                dst(i, j) = (accumulate ? dst(i, j) : T(0)) + d;
            }
        }
    }
    /// The same, symbolic: the row adjoints as a column (or a scalar) times softmax(Z) - Y.
    template <std::size_t I> static constexpr auto vjp(const auto&, const auto& adj, const auto& z, const auto& y) {
        auto rows = detail::make_transpose(adj);  // a vector of row adjoints as a column; a scalar stays
        if constexpr (I == 0) return detail::make_mul(rows, detail::make_sub(ctgrad::softmax(z), y));
        else return detail::make_neg(detail::make_mul(rows, z));
    }
};
}  // namespace ctgrad::ops
