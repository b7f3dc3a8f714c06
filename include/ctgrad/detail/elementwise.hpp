// ctgrad/detail/elementwise.hpp - an elementwise operation's scalar rules applied to whole
// tensors, with NumPy broadcasting: a forward map, and the reverse scatter that sums an
// operand's share over the axes it was broadcast along. Plain loops over contiguous rows,
// which the compiler vectorizes (contiguous ones in blocks of eight, for g++ -O2: below). The static shapes (template arguments) choose the loop; the
// concrete shapes (the static ones at the bound batch, shape.hpp's at_batch) give its bounds,
// constants too where no extent is the run-time batch.
#pragma once
#include <algorithm>
#include <cstddef>

#include <ctgrad/core/shape.hpp>

namespace ctgrad::detail {

constexpr bool same_extents(shape a, shape b) { return a.rows == b.rows && a.cols == b.cols && a.batch == b.batch; }
/// One element whatever the batch.
constexpr bool single_element(shape s) { return !s.batched() && s.rows * s.cols == 1; }

/// Steps through an operand broadcast to `out`: element (i, j) of out reads operand
/// element i * row + j * col. From the operand's concrete shape (an extent of 1 at run time
/// that is not broadcast meets an out extent of 1, where the stride is never used).
struct broadcast_strides {
    std::size_t row = 0, col = 0;
    constexpr explicit broadcast_strides(shape operand)
        : row(operand.rows == 1 ? 0 : operand.cols), col(operand.cols == 1 ? 0 : 1) {}
};

/// An operand's column stride in a broadcast loop, known statically so that a row's loop is
/// contiguous (or reads one element) and vectorizes: 0 where its columns broadcast, else 1 (a
/// concrete extent of 1 that does not broadcast meets an out extent of 1, where the stride is
/// never used; broadcast_strides' col, without the run time).
constexpr std::size_t column_stride(shape operand) { return operand.cols_broadcast() ? 0 : 1; }

/// The concrete shapes of one step: its node's and its operands'.
struct step_shapes {
    shape out, a, b;
};

// Each map works on rows [first, last) of the node (all of them unless a workspace's threads
// split the rows, tensor_step.hpp). A scatter is split by the node's rows where its operand
// keeps them, else by its columns where the operand keeps those (a bias's gradient: each thread
// sums its columns over every row, in the one thread's order), so that no two threads add
// into one element.

/// out[k] = f(k) (or += where Add) for k in [begin, end), eight at a time through a local
/// block. g++ 12 at -O2 (its "very cheap" vectorizer) vectorizes only a loop whose trip count is
/// a known multiple of the vector width and which needs no run-time aliasing check: a plain
/// loop over [begin, end) is neither, the block's loops are both (f reads element k only,
/// before any store). Clang and -O3 vectorize either form.
template <bool Add, class T, class F>
[[gnu::always_inline]] inline constexpr void store_elements(T* out, std::size_t begin, std::size_t end, F f) {
    constexpr std::size_t block = 8;
    if (end <= begin) return;  // (so the counts below are never a wrapped difference)
    const std::size_t blocks = (end - begin) / block;
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::size_t k = begin + b * block;
        T values[block];
        for (std::size_t j = 0; j < block; ++j) values[j] = f(k + j);
        for (std::size_t j = 0; j < block; ++j) {
            if constexpr (Add) out[k + j] += values[j];
            else out[k + j] = values[j];
        }
    }
    for (std::size_t k = begin + blocks * block; k < end; ++k) {
        if constexpr (Add) out[k] += f(k);
        else out[k] = f(k);
    }
}

/// dst[k] (= or +=) share for every k < n (one loop per case: a choice inside it would keep
/// g++ -O2 from vectorizing it).
template <class T>
constexpr void add_to_each(T* dst, bool accumulate, T share, std::size_t n) {
    if (accumulate) store_elements<true>(dst, 0, n, [&](std::size_t) { return share; });
    else store_elements<false>(dst, 0, n, [&](std::size_t) { return share; });
}

template <shape Out, shape A, class T, class F>
[[gnu::always_inline]] inline constexpr void map_unary(T* out, const T* a, F f, const step_shapes& s, std::size_t first,
                                                      std::size_t last) {
    const std::size_t cols = Out.batched() ? s.out.cols : Out.cols;  // a constant without the batch
    store_elements<false>(out, first * cols, last * cols, [&](std::size_t k) { return f(a[k]); });
}

template <shape Out, shape A, shape B, class T, class F>
[[gnu::always_inline]] inline constexpr void map_binary(T* out, const T* a, const T* b, F f, const step_shapes& s,
                                                       std::size_t first, std::size_t last) {
    constexpr bool fixed = !Out.batched() && !A.batched() && !B.batched();  // constants then
    const std::size_t cols = fixed ? Out.cols : s.out.cols;
    if constexpr (same_extents(A, Out) && same_extents(B, Out)) {
        store_elements<false>(out, first * cols, last * cols, [&](std::size_t k) { return f(a[k], b[k]); });
    } else if constexpr (single_element(A) && same_extents(B, Out)) {
        const T x = a[0];
        store_elements<false>(out, first * cols, last * cols, [&](std::size_t k) { return f(x, b[k]); });
    } else if constexpr (single_element(B) && same_extents(A, Out)) {
        const T y = b[0];
        store_elements<false>(out, first * cols, last * cols, [&](std::size_t k) { return f(a[k], y); });
    } else {
        constexpr broadcast_strides static_a(A), static_b(B);
        const broadcast_strides sa = fixed ? static_a : broadcast_strides(s.a), sb = fixed ? static_b : broadcast_strides(s.b);
        constexpr std::size_t ca = column_stride(A), cb = column_stride(B);
        for (std::size_t i = first; i < last; ++i) {  // row by row: a bias row added is a contiguous pass
            const T* row_a = a + i * sa.row;
            const T* row_b = b + i * sb.row;
            store_elements<false>(out + i * cols, 0, cols, [&](std::size_t j) { return f(row_a[j * ca], row_b[j * cb]); });
        }
    }
}

/// Whether an operand of static shape S receives its share row by row of Out: then rows of Out
/// may be scattered by different threads (an operand broadcast over Out's rows sums across them).
constexpr bool scatter_keeps_rows(shape out, shape s) {
    return s.rows == out.rows && (s.batch == batch_axis::rows) == (out.batch == batch_axis::rows);
}
/// The same for columns.
constexpr bool scatter_keeps_columns(shape out, shape s) {
    return s.cols == out.cols && (s.batch == batch_axis::cols) == (out.batch == batch_axis::cols);
}

/// dst (=, or += when !Assign) the share of an operand of static shape S (concrete: shape.b
/// of `s` is ignored, `operand` is its concrete shape): share(k, ia, ib) for output element k
/// reading operand elements ia and ib; an operand broadcast to Out receives the sum of its
/// elements' shares (the vector-Jacobian product of a broadcast). Over Out's rows
/// [first, last) and columns [col_first, col_last).
template <shape Out, shape S, shape A, shape B, bool Assign, class T, class Share>
[[gnu::always_inline]] inline constexpr void scatter(T* dst, Share share, const step_shapes& s, shape operand,
                                                    std::size_t first, std::size_t last, std::size_t col_first,
                                                    std::size_t col_last) {
    constexpr bool fixed = !Out.batched() && !S.batched() && !A.batched() && !B.batched();  // constants then
    const std::size_t cols = fixed ? Out.cols : s.out.cols;
    if constexpr (same_extents(S, Out) && same_extents(A, Out) && same_extents(B, Out)) {
        // (S keeps Out's rows: split by rows alone, every column in range)
        store_elements<!Assign>(dst, first * cols, last * cols, [&](std::size_t k) { return share(k, k, k); });
    } else {
        constexpr broadcast_strides static_a(A), static_b(B);
        const broadcast_strides sa = fixed ? static_a : broadcast_strides(s.a), sb = fixed ? static_b : broadcast_strides(s.b);
        constexpr std::size_t ca = column_stride(A), cb = column_stride(B);
        if constexpr (column_stride(S) == 1 && S.rows_broadcast()) {
            // a bias's gradient, each column's shares summed over the rows: eight columns at a
            // time in a local block (registers, where adding into dst row after row waits on
            // memory each time), added into dst once
            constexpr std::size_t block = 8;
            for (std::size_t j0 = col_first; j0 < col_last; j0 += block) {
                const std::size_t n = std::min(block, col_last - j0);
                T sums[block] = {};
                // (two loops: one that touched sums[j] for a j known only at run time would keep
                // sums in memory for both)
                if (n == block) {
                    for (std::size_t i = first; i < last; ++i) {
                        const std::size_t k = i * cols + j0, ia = i * sa.row + j0 * ca, ib = i * sb.row + j0 * cb;
                        for (std::size_t j = 0; j < block; ++j) sums[j] += share(k + j, ia + j * ca, ib + j * cb);
                    }
                } else {
                    for (std::size_t i = first; i < last; ++i) {
                        const std::size_t k = i * cols + j0, ia = i * sa.row + j0 * ca, ib = i * sb.row + j0 * cb;
#pragma GCC unroll 8  // (a few columns' sums in registers)
                        for (std::size_t j = 0; j < n; ++j) sums[j] += share(k + j, ia + j * ca, ib + j * cb);
                    }
                }
                for (std::size_t j = 0; j < n; ++j) {
                    if constexpr (Assign) dst[j0 + j] = sums[j];  // (every row is in this call)
                    else dst[j0 + j] += sums[j];
                }
            }
            return;
        }
        if constexpr (Assign && !same_extents(S, Out)) {
            // the elements of S this call adds into: its rows (columns) in range where it keeps
            // Out's, else all of them
            constexpr bool rows_kept = scatter_keeps_rows(Out, S), columns_kept = scatter_keeps_columns(Out, S);
            const shape o = fixed ? S : operand;
            const std::size_t row_end = rows_kept ? last : o.rows, column_end = columns_kept ? col_last : o.cols;
            for (std::size_t r = rows_kept ? first : 0; r < row_end; ++r)
                for (std::size_t c = columns_kept ? col_first : 0; c < column_end; ++c) dst[r * o.cols + c] = T(0);
        }
        constexpr broadcast_strides static_d(S);
        const broadcast_strides sd = fixed ? static_d : broadcast_strides(operand);
        constexpr std::size_t cd = column_stride(S);
        for (std::size_t i = first; i < last; ++i) {
            T* row_d = dst + i * sd.row;
            const std::size_t k = i * cols, ia = i * sa.row, ib = i * sb.row;
            if constexpr (cd == 1) {  // the operand keeps Out's columns: one contiguous pass per row
                store_elements<!(Assign && same_extents(S, Out))>(
                    row_d, col_first, col_last, [&](std::size_t j) { return share(k + j, ia + j * ca, ib + j * cb); });
            } else {
                for (std::size_t j = col_first; j < col_last; ++j) {  // (one column when S is Out's shape)
                    const T d = share(k + j, ia + j * ca, ib + j * cb);
                    if constexpr (Assign && same_extents(S, Out)) row_d[0] = d;
                    else row_d[0] += d;
                }
            }
        }
    }
}
}  // namespace ctgrad::detail
