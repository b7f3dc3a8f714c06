// ctgrad/detail/elementwise.hpp - an elementwise operation's scalar rules applied to whole
// tensors, with NumPy broadcasting: a forward map, and the reverse scatter that sums an
// operand's share over the axes it was broadcast along. Plain loops over contiguous rows,
// which the compiler vectorizes; shapes are template arguments, so every bound is a constant.
#pragma once
#include <cstddef>

#include <ctgrad/core/shape.hpp>

namespace ctgrad::detail {

constexpr bool same_extents(shape a, shape b) { return a.rows == b.rows && a.cols == b.cols; }

/// Steps through an operand broadcast to `out`: element (i, j) of out reads operand
/// element i * row + j * col.
struct broadcast_strides {
    std::size_t row = 0, col = 0;
    constexpr explicit broadcast_strides(shape operand)
        : row(operand.rows == 1 ? 0 : operand.cols), col(operand.cols == 1 ? 0 : 1) {}
};

template <shape Out, shape A, class T, class F>
[[gnu::always_inline]] inline constexpr void map_unary(T* out, const T* a, F f) {
    for (std::size_t k = 0; k < Out.size(); ++k) out[k] = f(a[k]);
}

template <shape Out, shape A, shape B, class T, class F>
[[gnu::always_inline]] inline constexpr void map_binary(T* out, const T* a, const T* b, F f) {
    if constexpr (same_extents(A, Out) && same_extents(B, Out)) {
        for (std::size_t k = 0; k < Out.size(); ++k) out[k] = f(a[k], b[k]);
    } else if constexpr (A.size() == 1 && same_extents(B, Out)) {
        const T x = a[0];
        for (std::size_t k = 0; k < Out.size(); ++k) out[k] = f(x, b[k]);
    } else if constexpr (B.size() == 1 && same_extents(A, Out)) {
        const T y = b[0];
        for (std::size_t k = 0; k < Out.size(); ++k) out[k] = f(a[k], y);
    } else {
        constexpr broadcast_strides sa(A), sb(B);
        for (std::size_t i = 0; i < Out.rows; ++i)
            for (std::size_t j = 0; j < Out.cols; ++j)
                out[i * Out.cols + j] = f(a[i * sa.row + j * sa.col], b[i * sb.row + j * sb.col]);
    }
}

/// dst (=, or += when !Assign) the share of an operand of shape S: share(k, ia, ib) for output
/// element k reading operand elements ia and ib; an operand broadcast to Out receives the sum
/// of its elements' shares (the vector-Jacobian product of a broadcast).
template <shape Out, shape S, shape A, shape B, bool Assign, class T, class Share>
[[gnu::always_inline]] inline constexpr void scatter(T* dst, Share share) {
    if constexpr (same_extents(S, Out) && same_extents(A, Out) && same_extents(B, Out)) {
        for (std::size_t k = 0; k < Out.size(); ++k) {
            if constexpr (Assign) dst[k] = share(k, k, k);
            else dst[k] += share(k, k, k);
        }
    } else {
        if constexpr (Assign && !same_extents(S, Out))
            for (std::size_t k = 0; k < S.size(); ++k) dst[k] = T(0);
        constexpr broadcast_strides sd(S), sa(A), sb(B);
        for (std::size_t i = 0; i < Out.rows; ++i)
            for (std::size_t j = 0; j < Out.cols; ++j) {
                const T d = share(i * Out.cols + j, i * sa.row + j * sa.col, i * sb.row + j * sb.col);
                if constexpr (Assign && same_extents(S, Out)) dst[i * sd.row + j * sd.col] = d;
                else dst[i * sd.row + j * sd.col] += d;
            }
    }
}
}  // namespace ctgrad::detail
