// ctgrad/ops/softmax.hpp - softmax(A) and log_softmax(A) along the last axis (each row of a
// matrix; a vector whole), stable: the row's maximum is subtracted before exp.
#pragma once
#include <cstddef>

#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/math.hpp>
#include <ctgrad/ops/exp.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/sub.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
/// A row's log-sum-exp as max + log(sum(exp(z - max))), kept in two parts: z - lse is then
/// (z - max) - log_sum, which loses nothing to the rounding of a large max + log_sum.
template <class T>
struct row_log_sum_exp {
    T max;
    T log_sum;
    constexpr T log_softmax(T z) const { return (z - max) - log_sum; }
};
template <class T>
constexpr row_log_sum_exp<T> log_sum_exp(const T* z, std::size_t n) {
    T m = z[0];
    for (std::size_t j = 1; j < n; ++j) m = z[j] > m ? z[j] : m;
    T s = T(0);
    for (std::size_t j = 0; j < n; ++j) s += math::exp(z[j] - m);
    return {m, math::log(s)};
}
/// to_cpp's copies of softmax, log_softmax and their vector-Jacobian products, row by row.
inline constexpr std::string_view softmax_cpp_helpers = R"(#ifndef CTGRAD_CPP_SOFTMAX
#define CTGRAD_CPP_SOFTMAX
template <class T>
void ctgrad_softmax(T* out, const T* a, std::size_t rows, std::size_t n) {
    for (std::size_t i = 0; i < rows; ++i) {
        T m = a[i * n];
        for (std::size_t j = 1; j < n; ++j) m = a[i * n + j] > m ? a[i * n + j] : m;
        T total = T(0);
        for (std::size_t j = 0; j < n; ++j) total += out[i * n + j] = std::exp(a[i * n + j] - m);
        for (std::size_t j = 0; j < n; ++j) out[i * n + j] /= total;
    }
}
template <class T>
void ctgrad_softmax_vjp(T* d, const T* s, const T* adj, std::size_t rows, std::size_t n) {
    for (std::size_t i = 0; i < rows; ++i) {
        T dot = T(0);
        for (std::size_t j = 0; j < n; ++j) dot += adj[i * n + j] * s[i * n + j];
        for (std::size_t j = 0; j < n; ++j) d[i * n + j] += s[i * n + j] * (adj[i * n + j] - dot);
    }
}
// a row's log-sum-exp as max + log(sum(exp(z - max))), kept in two parts
template <class T>
void ctgrad_log_sum_exp(const T* z, std::size_t n, T& max, T& log_sum) {
    max = z[0];
    for (std::size_t j = 1; j < n; ++j) max = z[j] > max ? z[j] : max;
    T s = T(0);
    for (std::size_t j = 0; j < n; ++j) s += std::exp(z[j] - max);
    log_sum = std::log(s);
}
template <class T>
void ctgrad_log_softmax(T* out, const T* a, std::size_t rows, std::size_t n) {
    for (std::size_t i = 0; i < rows; ++i) {
        T max, log_sum;
        ctgrad_log_sum_exp(a + i * n, n, max, log_sum);
        for (std::size_t j = 0; j < n; ++j) out[i * n + j] = (a[i * n + j] - max) - log_sum;
    }
}
template <class T>
void ctgrad_log_softmax_vjp(T* d, const T* out, const T* adj, std::size_t rows, std::size_t n) {
    for (std::size_t i = 0; i < rows; ++i) {
        T total = T(0);
        for (std::size_t j = 0; j < n; ++j) total += adj[i * n + j];
        for (std::size_t j = 0; j < n; ++j) d[i * n + j] += adj[i * n + j] - std::exp(out[i * n + j]) * total;
    }
}
#endif
)";
}  // namespace detail

namespace ops {
struct softmax {
    static constexpr std::string_view id = "softmax";
    static constexpr int rank = 3;
    static constexpr print_format text{"softmax($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\operatorname{softmax}\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {detail::reads_out, 0}};
    static constexpr cpp_code cpp{.value = "ctgrad_softmax($out, $0, $R0, $C0);",
                                  .backward = {"ctgrad_softmax_vjp($dst, $out, $adj, $R0, $C0);"},
                                  .helpers = {detail::softmax_cpp_helpers}};
    static constexpr shape result_shape(shape a) { return a; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        const std::size_t n = a.dims.cols;
        for (std::size_t i = 0; i < a.dims.rows; ++i) {
            T m = a(i, 0);  // exp relative to the row's max, then normalized
            for (std::size_t j = 1; j < n; ++j) m = a(i, j) > m ? a(i, j) : m;
            T total = T(0);
            for (std::size_t j = 0; j < n; ++j) total += out(i, j) = math::exp(a(i, j) - m);
            for (std::size_t j = 0; j < n; ++j) out(i, j) /= total;
        }
    }
    /// Symbolic: s (adj - (sum_j adj s) as a column), s the node itself.
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto&) {
        auto row_dot = detail::make_transpose(detail::make_sum_axis<1>(detail::make_mul(adj, self)));
        return detail::make_mul(self, detail::make_sub(adj, row_dot));
    }
    /// dA = s (adj - sum_j adj s), per row.
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T> s, tensor_in<T> adj) {
        for (std::size_t i = 0; i < s.dims.rows; ++i) {
            T dot = T(0);
            for (std::size_t j = 0; j < s.dims.cols; ++j) dot += adj(i, j) * s(i, j);
            for (std::size_t j = 0; j < s.dims.cols; ++j)
                dst(i, j) = (accumulate ? dst(i, j) : T(0)) + s(i, j) * (adj(i, j) - dot);
        }
    }
};

struct log_softmax {
    static constexpr std::string_view id = "log_softmax";
    static constexpr int rank = 3;
    static constexpr print_format text{"log_softmax($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\log\\operatorname{softmax}\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {detail::reads_out, 0}};
    static constexpr cpp_code cpp{.value = "ctgrad_log_softmax($out, $0, $R0, $C0);",
                                  .backward = {"ctgrad_log_softmax_vjp($dst, $out, $adj, $R0, $C0);"},
                                  .helpers = {detail::softmax_cpp_helpers}};
    static constexpr shape result_shape(shape a) { return a; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        const std::size_t n = a.dims.cols;
        for (std::size_t i = 0; i < a.dims.rows; ++i) {
            const auto lse = detail::log_sum_exp(a.data + i * n, n);
            for (std::size_t j = 0; j < n; ++j) out(i, j) = lse.log_softmax(a(i, j));
        }
    }
    /// Symbolic: adj - exp(out) (sum_j adj as a column).
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& lazy_adj, const auto&) {
        const auto adj = detail::expand_to<detail::shape_of<std::remove_cvref_t<decltype(self)>>{}>(lazy_adj);
        auto row_total = detail::make_transpose(detail::make_sum_axis<1>(adj));
        return detail::make_sub(adj, detail::make_mul(ctgrad::exp(self), row_total));
    }
    /// dA = adj - softmax sum_j adj, per row (softmax = exp(out)).
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T> out, tensor_in<T> adj) {
        for (std::size_t i = 0; i < out.dims.rows; ++i) {
            T total = T(0);
            for (std::size_t j = 0; j < out.dims.cols; ++j) total += adj(i, j);
            for (std::size_t j = 0; j < out.dims.cols; ++j)
                dst(i, j) = (accumulate ? dst(i, j) : T(0)) + adj(i, j) - math::exp(out(i, j)) * total;
        }
    }
};
}  // namespace ops

/// softmax(A) along the last axis.
template <expression A>
    requires detail::tensor_expression<A>
static constexpr auto softmax(const A& a) {
    if constexpr (!detail::check_rank_at_most_two<ops::softmax, detail::shape_of<A>{}>()) return a;
    else return detail::make_node<node<ops::softmax, A>>(a);
}

/// log_softmax(A) along the last axis: A - log(sum(exp(A))) per row, without overflow.
template <expression A>
    requires detail::tensor_expression<A>
static constexpr auto log_softmax(const A& a) {
    if constexpr (!detail::check_rank_at_most_two<ops::log_softmax, detail::shape_of<A>{}>()) return a;
    else return detail::make_node<node<ops::log_softmax, A>>(a);
}
}  // namespace ctgrad
