// ctgrad/core/shape.hpp - the static shape of an expression: rank 0 (a scalar), 1 (a vector
// of n), 2 (an m x n matrix) or 3 and 4 (N x C x H x W images), row-major. A shape is part of a node's type, computed from its
// operands (detail/shape_of.hpp), so shape errors are compile errors. One extent may be the
// run-time batch (var<"X", batch, 784>): its size is known when a point binds storage, every
// other extent is static and checked at compile time.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

#include <ctgrad/core/diagnostic.hpp>

namespace ctgrad {

/// The extent of var<"X", batch, 784>'s rows: known only when a point binds X's storage (the
/// number of rows bound), the same for every batched variable of the point, at most a
/// workspace's max_batch.
inline constexpr std::size_t batch = ~std::size_t(0);

/// Which extent of a shape is the run-time batch.
enum class batch_axis : unsigned char { none, rows, cols };

namespace detail {
/// Not constexpr: a batched shape's size() is a compile error in constant evaluation and a
/// checked error at run time (kernels see concrete shapes, at_batch).
[[noreturn]] inline std::size_t batched_shape_has_no_static_size() {
    throw std::logic_error("ctgrad: a shape with the run-time batch has a size only at a batch (at_batch)");
}
}  // namespace detail

/// How many elements a shape has: per_batch * batch + fixed.
struct element_count {
    std::size_t per_batch = 0;
    std::size_t fixed = 0;
    constexpr std::size_t at(std::size_t batch_size) const { return per_batch * batch_size + fixed; }
    constexpr element_count operator+(element_count o) const { return {per_batch + o.per_batch, fixed + o.fixed}; }
    constexpr bool operator==(const element_count&) const = default;
};

/// rank 0: rows = cols = 1; rank 1 (a vector of n): rows = 1, cols = n, so that it broadcasts
/// against each row of a matrix as NumPy does; rank 2: rows x cols; rank 3 and 4: rows is the
/// first extent, `tail` holds the others and cols their product (an N x C x H x W image batch is
/// an N x CHW matrix to whatever reads whole rows, and the batch may be its first extent). A
/// batched extent (`batch` names it) holds 1 in rows or cols: rows * cols is then the elements
/// per batch row.
struct shape {
    int rank = 0;
    std::size_t rows = 1;
    std::size_t cols = 1;
    batch_axis batch = batch_axis::none;
    std::size_t tail[3] = {0, 0, 0};  // rank 3 and 4: the extents after the first; 0 beyond the rank

    /// Extent `axis` (the batch's is rows: 1 in a static shape, the bound rows at_batch).
    constexpr std::size_t extent(int axis) const {
        if (rank <= 1) return cols;
        if (axis == 0) return rows;
        return rank == 2 ? cols : tail[axis - 1];
    }

    constexpr bool batched() const { return batch != batch_axis::none; }
    /// The number of elements of a static shape (of a batched one, count()).
    constexpr std::size_t size() const {
        if (batched()) return detail::batched_shape_has_no_static_size();
        return rows * cols;
    }
    constexpr element_count count() const {
        return batched() ? element_count{rows * cols, 0} : element_count{0, rows * cols};
    }
    constexpr bool scalar() const { return rank == 0; }
    /// An extent of 1 that broadcasts (a batched extent is never one, whatever the batch).
    constexpr bool rows_broadcast() const { return rows == 1 && batch != batch_axis::rows; }
    constexpr bool cols_broadcast() const { return cols == 1 && batch != batch_axis::cols; }
    constexpr bool operator==(const shape&) const = default;
};

/// The shape at a batch of `batch_size` rows: what kernels and loops see at run time.
constexpr shape at_batch(shape s, std::size_t batch_size) {
    if (s.batch == batch_axis::rows) s.rows = batch_size;
    else if (s.batch == batch_axis::cols) s.cols = batch_size;
    s.batch = batch_axis::none;
    return s;
}

/// A rank-3 or rank-4 shape from its extents (the first may be the batch).
constexpr shape image_shape(std::size_t first, std::size_t e1, std::size_t e2, std::size_t e3 = 0) {
    shape s{e3 == 0 ? 3 : 4, first == batch ? 1 : first, e1 * e2 * (e3 == 0 ? 1 : e3),
            first == batch ? batch_axis::rows : batch_axis::none};
    s.tail[0] = e1;
    s.tail[1] = e2;
    s.tail[2] = e3;
    return s;
}

/// The shape of var<Name, Extents...>.
template <std::size_t... Extents>
consteval shape shape_of_extents() {
    static_assert(sizeof...(Extents) <= 4, "ctgrad::var: tensors have rank 0 to 4");
    constexpr std::size_t e[] = {Extents..., 0, 0, 0, 0};
    static_assert(sizeof...(Extents) < 2 || e[0] != batch || e[1] != batch, "ctgrad::var: one extent may be the batch, not two");
    static_assert(sizeof...(Extents) < 3 || (e[1] != batch && e[2] != batch && e[3] != batch),
                  "ctgrad::var: at rank 3 and 4 only the first extent may be the batch");
    static_assert(((Extents != 0) && ...), "ctgrad::var: an extent is at least 1");
    if constexpr (sizeof...(Extents) == 0) return {};
    else if constexpr (sizeof...(Extents) >= 3) return image_shape(e[0], e[1], e[2], e[3]);
    else if constexpr (sizeof...(Extents) == 1 && e[0] == batch) return {1, 1, 1, batch_axis::cols};  // one value per row
    else if constexpr (sizeof...(Extents) == 1) return {1, 1, e[0]};
    else if constexpr (e[0] == batch) return {2, 1, e[1], batch_axis::rows};
    else if constexpr (e[1] == batch) return {2, e[0], 1, batch_axis::cols};
    else return {2, e[0], e[1]};
}

namespace detail {
/// One extent of a broadcast: equal, or one of them 1; a batched extent only meets itself or
/// 1. 0 when they do not broadcast.
constexpr std::size_t broadcast_extent(std::size_t x, bool x_batch, std::size_t y, bool y_batch, bool& batched) {
    if (x_batch || y_batch) {
        batched = true;
        return (x_batch ? (y_batch || y == 1) : x == 1) ? 1 : 0;
    }
    return x == y || y == 1 ? x : x == 1 ? y : 0;
}
/// Whether axis `axis` of s is the run-time batch.
constexpr bool batched_axis(shape s, int axis) {
    if (s.rank <= 1) return s.batch == batch_axis::cols;
    return axis == 0 ? s.batch == batch_axis::rows : s.rank == 2 && s.batch == batch_axis::cols;
}
/// NumPy broadcasting where a shape has rank 3 or 4: the extents aligned at the last axis, each
/// pair equal or one of them 1 (a missing axis is 1); the batch only as the result's first
/// extent. Rank -1 when they do not broadcast.
constexpr shape broadcast_images(shape a, shape b) {
    if (a == b || b.rank == 0) return a;
    if (a.rank == 0) return b;
    const int rank = a.rank > b.rank ? a.rank : b.rank;
    std::size_t e[4] = {1, 1, 1, 1};
    bool batched = false;
    for (int k = 0; k < rank; ++k) {
        const int ja = k - (rank - a.rank), jb = k - (rank - b.rank);
        const bool xb = ja >= 0 && batched_axis(a, ja), yb = jb >= 0 && batched_axis(b, jb);
        if ((xb || yb) && k != 0) return {-1, 0, 0};
        bool axis_batched = false;
        e[k] = broadcast_extent(ja < 0 ? 1 : a.extent(ja), xb, jb < 0 ? 1 : b.extent(jb), yb, axis_batched);
        if (e[k] == 0) return {-1, 0, 0};
        batched = batched || axis_batched;
    }
    return image_shape(batched ? batch : e[0], e[1], e[2], rank == 4 ? e[3] : 0);
}
/// NumPy broadcasting of two shapes (a vector is a row); rank -1 when they do not broadcast.
constexpr shape broadcast(shape a, shape b) {
    if (a.rank >= 3 || b.rank >= 3) return broadcast_images(a, b);
    bool rows_batched = false, cols_batched = false;
    const std::size_t rows = broadcast_extent(a.rows, a.batch == batch_axis::rows, b.rows, b.batch == batch_axis::rows, rows_batched);
    const std::size_t cols = broadcast_extent(a.cols, a.batch == batch_axis::cols, b.cols, b.batch == batch_axis::cols, cols_batched);
    if (rows == 0 || cols == 0 || (rows_batched && cols_batched)) return {-1, 0, 0};
    return {a.rank > b.rank ? a.rank : b.rank, rows, cols,
            rows_batched ? batch_axis::rows : cols_batched ? batch_axis::cols : batch_axis::none};
}

/// A shape as the type a compile-time error names: scalar, vector<4>, matrix<3, 4>,
/// batch_rows<784>.
template <shape S>
auto diagnostic_shape() {
    if constexpr (S.rank == 3 && S.batched()) return diagnostic::batch_tensor<S.tail[0], S.tail[1]>{};
    else if constexpr (S.rank == 3) return diagnostic::tensor<S.rows, S.tail[0], S.tail[1]>{};
    else if constexpr (S.rank == 4 && S.batched()) return diagnostic::batch_tensor<S.tail[0], S.tail[1], S.tail[2]>{};
    else if constexpr (S.rank == 4) return diagnostic::tensor<S.rows, S.tail[0], S.tail[1], S.tail[2]>{};
    else if constexpr (S.batch == batch_axis::rows) return diagnostic::batch_rows<S.cols>{};
    else if constexpr (S.batch == batch_axis::cols && S.rank == 1) return diagnostic::batch_vector{};
    else if constexpr (S.batch == batch_axis::cols) return diagnostic::batch_columns<S.rows>{};
    else if constexpr (S.rank == 0) return diagnostic::scalar{};
    else if constexpr (S.rank == 1) return diagnostic::vector<S.cols>{};
    else return diagnostic::matrix<S.rows, S.cols>{};
}
template <shape S>
using shape_diagnostic = decltype(diagnostic_shape<S>());

}  // namespace detail

/// "(3 x 4)", "(4)", "()", "(batch x 784)", "(batch x 1 x 28 x 28)": how to_dot and messages
/// write a shape.
inline std::string shape_string(shape s) {
    const std::string rows = s.batch == batch_axis::rows ? "batch" : std::to_string(s.rows);
    const std::string cols = s.batch == batch_axis::cols ? "batch" : std::to_string(s.cols);
    if (s.rank >= 3) {
        std::string out = "(" + rows;
        for (int axis = 1; axis < s.rank; ++axis) out += " x " + std::to_string(s.tail[axis - 1]);
        return out + ")";
    }
    if (s.rank == 0) return "()";
    if (s.rank == 1) return "(" + cols + ")";
    return "(" + rows + " x " + cols + ")";
}
}  // namespace ctgrad
