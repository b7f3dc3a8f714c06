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

// Each map works on rows [first, last) of Out (all of them unless a workspace's threads split
// the rows, tensor_step.hpp); a scatter only where its operand keeps Out's rows, so that no
// two threads add into one element.

template <shape Out, shape A, class T, class F>
[[gnu::always_inline]] inline constexpr void map_unary(T* out, const T* a, F f, std::size_t first = 0,
                                                      std::size_t last = Out.rows) {
    for (std::size_t k = first * Out.cols; k < last * Out.cols; ++k) out[k] = f(a[k]);
}

template <shape Out, shape A, shape B, class T, class F>
[[gnu::always_inline]] inline constexpr void map_binary(T* out, const T* a, const T* b, F f, std::size_t first = 0,
                                                       std::size_t last = Out.rows) {
    if constexpr (same_extents(A, Out) && same_extents(B, Out)) {
        for (std::size_t k = first * Out.cols; k < last * Out.cols; ++k) out[k] = f(a[k], b[k]);
    } else if constexpr (A.size() == 1 && same_extents(B, Out)) {
        const T x = a[0];
        for (std::size_t k = first * Out.cols; k < last * Out.cols; ++k) out[k] = f(x, b[k]);
    } else if constexpr (B.size() == 1 && same_extents(A, Out)) {
        const T y = b[0];
        for (std::size_t k = first * Out.cols; k < last * Out.cols; ++k) out[k] = f(a[k], y);
    } else {
        constexpr broadcast_strides sa(A), sb(B);
        for (std::size_t i = first; i < last; ++i)
            for (std::size_t j = 0; j < Out.cols; ++j)
                out[i * Out.cols + j] = f(a[i * sa.row + j * sa.col], b[i * sb.row + j * sb.col]);
    }
}

/// Whether an operand of shape S receives its share row by row of Out: then rows of Out may be
/// scattered by different threads (an operand broadcast over Out's rows sums across them).
constexpr bool scatter_keeps_rows(shape out, shape s) { return s.rows == out.rows; }

/// dst (=, or += when !Assign) the share of an operand of shape S: share(k, ia, ib) for output
/// element k reading operand elements ia and ib; an operand broadcast to Out receives the sum
/// of its elements' shares (the vector-Jacobian product of a broadcast).
template <shape Out, shape S, shape A, shape B, bool Assign, class T, class Share>
[[gnu::always_inline]] inline constexpr void scatter(T* dst, Share share, std::size_t first = 0, std::size_t last = Out.rows) {
    if constexpr (same_extents(S, Out) && same_extents(A, Out) && same_extents(B, Out)) {
        for (std::size_t k = first * Out.cols; k < last * Out.cols; ++k) {
            if constexpr (Assign) dst[k] = share(k, k, k);
            else dst[k] += share(k, k, k);
        }
    } else {
        if constexpr (Assign && !same_extents(S, Out)) {
            // the rows of S this call adds into (all of S unless it keeps Out's rows)
            const std::size_t begin = scatter_keeps_rows(Out, S) ? first * S.cols : 0;
            const std::size_t end = scatter_keeps_rows(Out, S) ? last * S.cols : S.size();
            for (std::size_t k = begin; k < end; ++k) dst[k] = T(0);
        }
        constexpr broadcast_strides sd(S), sa(A), sb(B);
        for (std::size_t i = first; i < last; ++i)
            for (std::size_t j = 0; j < Out.cols; ++j) {
                const T d = share(i * Out.cols + j, i * sa.row + j * sa.col, i * sb.row + j * sb.col);
                if constexpr (Assign && same_extents(S, Out)) dst[i * sd.row + j * sd.col] = d;
                else dst[i * sd.row + j * sd.col] += d;
            }
    }
}
}  // namespace ctgrad::detail
