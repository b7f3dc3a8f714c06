// ctgrad/detail/eigen_maps.hpp - ctgrad's row-major blocks seen as Eigen matrices, without a
// copy: matmul's and transpose's run-time kernels are Eigen's (never a hand-written GEMM);
// the reductions are single plain loops (ops/sum.hpp). Under constant evaluation every
// kernel runs plain loops.
#pragma once
#include <cstddef>

#include <Eigen/Core>

namespace ctgrad::detail {
template <class T>
using row_major_matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <class T>
auto matrix_map(const T* data, std::size_t rows, std::size_t cols) {
    return Eigen::Map<const row_major_matrix<T>>(data, Eigen::Index(rows), Eigen::Index(cols));
}
template <class T>
auto matrix_map(T* data, std::size_t rows, std::size_t cols) {
    return Eigen::Map<row_major_matrix<T>>(data, Eigen::Index(rows), Eigen::Index(cols));
}
}  // namespace ctgrad::detail
