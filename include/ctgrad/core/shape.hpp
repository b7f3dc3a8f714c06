// ctgrad/core/shape.hpp - the static shape of an expression: rank 0 (a scalar), 1 (a vector
// of n) or 2 (an m x n matrix, row-major). A shape is part of a node's type, computed from its
// operands (detail/shape_of.hpp), so shape errors are compile errors.
#pragma once
#include <cstddef>
#include <string>

#include <ctgrad/core/diagnostic.hpp>

namespace ctgrad {

/// rank 0: rows = cols = 1; rank 1 (a vector of n): rows = 1, cols = n, so that it broadcasts
/// against each row of a matrix as NumPy does; rank 2: rows x cols.
struct shape {
    int rank = 0;
    std::size_t rows = 1;
    std::size_t cols = 1;

    constexpr std::size_t size() const { return rows * cols; }
    constexpr bool scalar() const { return rank == 0; }
    constexpr bool operator==(const shape&) const = default;
};

/// The shape of var<Name, Extents...>.
template <std::size_t... Extents>
consteval shape shape_of_extents() {
    static_assert(sizeof...(Extents) <= 2, "ctgrad::var: tensors have rank 0, 1 or 2");
    constexpr std::size_t e[] = {Extents..., 0};
    if constexpr (sizeof...(Extents) == 0) return {};
    else if constexpr (sizeof...(Extents) == 1) return {1, 1, e[0]};
    else return {2, e[0], e[1]};
}

namespace detail {
/// NumPy broadcasting of two shapes (a vector is a row); rank -1 when they do not broadcast.
constexpr shape broadcast(shape a, shape b) {
    auto extent = [](std::size_t x, std::size_t y) -> std::size_t { return x == y || y == 1 ? x : x == 1 ? y : 0; };
    std::size_t rows = extent(a.rows, b.rows), cols = extent(a.cols, b.cols);
    if (rows == 0 || cols == 0) return {-1, 0, 0};
    return {a.rank > b.rank ? a.rank : b.rank, rows, cols};
}

/// A shape as the type a compile-time error names: scalar, vector<4>, matrix<3, 4>.
template <shape S>
auto diagnostic_shape() {
    if constexpr (S.rank == 0) return diagnostic::scalar{};
    else if constexpr (S.rank == 1) return diagnostic::vector<S.cols>{};
    else return diagnostic::matrix<S.rows, S.cols>{};
}
template <shape S>
using shape_diagnostic = decltype(diagnostic_shape<S>());

}  // namespace detail

/// "(3 x 4)", "(4)" or "()": how to_dot and messages write a shape.
inline std::string shape_string(shape s) {
    if (s.rank == 0) return "()";
    if (s.rank == 1) return "(" + std::to_string(s.cols) + ")";
    return "(" + std::to_string(s.rows) + " x " + std::to_string(s.cols) + ")";
}
}  // namespace ctgrad
