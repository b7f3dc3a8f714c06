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
// the rows, tensor_step.hpp). A scatter is split by Out's rows where its operand keeps them,
// else by Out's columns where it keeps those (a bias's gradient: each thread sums its columns
// over every row, in the one thread's order), so that no two threads add into one element.

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
/// The same for columns.
constexpr bool scatter_keeps_columns(shape out, shape s) { return s.cols == out.cols; }

/// dst (=, or += when !Assign) the share of an operand of shape S: share(k, ia, ib) for output
/// element k reading operand elements ia and ib; an operand broadcast to Out receives the sum
/// of its elements' shares (the vector-Jacobian product of a broadcast). Over Out's rows
/// [first, last) and columns [col_first, col_last).
template <shape Out, shape S, shape A, shape B, bool Assign, class T, class Share>
[[gnu::always_inline]] inline constexpr void scatter(T* dst, Share share, std::size_t first = 0, std::size_t last = Out.rows,
                                                    std::size_t col_first = 0, std::size_t col_last = Out.cols) {
    if constexpr (same_extents(S, Out) && same_extents(A, Out) && same_extents(B, Out)) {
        // (S keeps Out's rows: split by rows alone, every column in range)
        for (std::size_t k = first * Out.cols; k < last * Out.cols; ++k) {
            if constexpr (Assign) dst[k] = share(k, k, k);
            else dst[k] += share(k, k, k);
        }
    } else {
        if constexpr (Assign && !same_extents(S, Out)) {
            // the elements of S this call adds into: its rows (columns) in range where it keeps
            // Out's, else all of them
            constexpr bool rows_kept = scatter_keeps_rows(Out, S), columns_kept = scatter_keeps_columns(Out, S);
            const std::size_t row_end = rows_kept ? last : S.rows, column_end = columns_kept ? col_last : S.cols;
            for (std::size_t r = rows_kept ? first : 0; r < row_end; ++r)
                for (std::size_t c = columns_kept ? col_first : 0; c < column_end; ++c) dst[r * S.cols + c] = T(0);
        }
        constexpr broadcast_strides sd(S), sa(A), sb(B);
        for (std::size_t i = first; i < last; ++i)
            for (std::size_t j = col_first; j < col_last; ++j) {
                const T d = share(i * Out.cols + j, i * sa.row + j * sa.col, i * sb.row + j * sb.col);
                if constexpr (Assign && same_extents(S, Out)) dst[i * sd.row + j * sd.col] = d;
                else dst[i * sd.row + j * sd.col] += d;
            }
    }
}
}  // namespace ctgrad::detail
