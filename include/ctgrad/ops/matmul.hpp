// ctgrad/ops/matmul.hpp - matmul(A, B): matrix times matrix, matrix times vector, vector times
// matrix. Its vector-Jacobian products are dA = dC B^T and dB = A^T dC; at run time all three
// are Eigen GEMMs over ctgrad's storage.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <ctgrad/detail/eigen_maps.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/detail/thread_team.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace ops {
struct transpose;  // ops/transpose.hpp: a product reads a transposed matrix in place
}
namespace detail {
/// to_cpp's copy of the product and its vector-Jacobian products: plain loops; `what` 2 writes
/// the product into d, 0 and 1 add operand 0's or 1's VJP of adj into d (the same cases as
/// matrix_product::backward). One function per transpose pattern, named after the op's id.
inline constexpr std::string_view matmul_cpp_helpers = R"(#ifndef CTGRAD_CPP_MATMUL
#define CTGRAD_CPP_MATMUL
// c (m x n) += op(a) (m x k) op(b) (k x n), row-major; a matrix read transposed is stored the other way
template <class T>
void ctgrad_gemm(T* c, const T* a, bool ta, const T* b, bool tb, std::size_t m, std::size_t k, std::size_t n) {
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            T s = c[i * n + j];
            for (std::size_t l = 0; l < k; ++l) s += (ta ? a[l * m + i] : a[i * k + l]) * (tb ? b[j * k + l] : b[l * n + j]);
            c[i * n + j] = s;
        }
}
// op(a) op(b) with a vector a row on the left and a column on the right (rank ka, kb)
template <class T>
void ctgrad_product(int what, T* d, const T* adj, const T* a, bool ta, int ka, std::size_t ra, std::size_t ca,
                    const T* b, bool tb, int kb, std::size_t rb, std::size_t cb) {
    const std::size_t m = ta ? ca : (ka == 1 ? 1 : ra), k = ta ? ra : ca, n = tb ? rb : (kb == 1 ? 1 : cb);
    if (what == 2) {
        for (std::size_t e = 0; e < m * n; ++e) d[e] = T(0);
        ctgrad_gemm(d, a, ta, b, tb, m, k, n);
    } else if (what == 0 && !ta) ctgrad_gemm(d, adj, false, b, !tb, m, n, k);
    else if (what == 0) ctgrad_gemm(d, b, tb, adj, true, k, n, m);
    else if (!tb) ctgrad_gemm(d, a, !ta, adj, false, k, m, n);
    else ctgrad_gemm(d, adj, true, a, ta, n, m, k);
}
#define CTGRAD_CPP_PRODUCT(name, ta, tb)                                                                              \
    template <class T>                                                                                              \
    void name(int what, T* d, const T* adj, const T* a, int ka, std::size_t ra, std::size_t ca, const T* b, int kb, \
              std::size_t rb, std::size_t cb) {                                                                     \
        ctgrad_product(what, d, adj, a, ta, ka, ra, ca, b, tb, kb, rb, cb);                                         \
    }
CTGRAD_CPP_PRODUCT(ctgrad_matmul, false, false)
CTGRAD_CPP_PRODUCT(ctgrad_matmul_nt, false, true)
CTGRAD_CPP_PRODUCT(ctgrad_matmul_tn, true, false)
CTGRAD_CPP_PRODUCT(ctgrad_matmul_tt, true, true)
#undef CTGRAD_CPP_PRODUCT
#endif
)";
}  // namespace detail
namespace detail {
/// An operand as the matrix it is in a product: a vector on the left is a row, on the right
/// a column (the same contiguous elements either way).
constexpr shape as_left(shape s) { return s.rank == 1 ? shape{2, 1, s.cols, s.batch} : s; }
constexpr shape as_right(shape s) {
    return s.rank == 1 ? shape{2, s.cols, 1, s.batched() ? batch_axis::rows : batch_axis::none} : s;
}
/// A matrix's transpose, the batch (if any) moving with its extent.
constexpr shape transposed(shape s) {
    return {2, s.cols, s.rows, s.batch == batch_axis::rows ? batch_axis::cols : s.batch == batch_axis::cols ? batch_axis::rows : s.batch};
}
/// Whether op(A)'s columns and op(B)'s rows agree: equal static extents, or both the batch.
constexpr bool inner_extents_agree(shape left, shape right) {
    return left.cols == right.rows && (left.batch == batch_axis::cols) == (right.batch == batch_axis::rows);
}
/// Whether both the product's extents would be the batch (X X^T): not supported.
constexpr bool product_batched_twice(shape left, shape right) {
    return left.batch == batch_axis::rows && right.batch == batch_axis::cols;
}

/// Elements of scratch that Eigen's GEMM of an m x depth by depth x n product packs its panels
/// into (at most depth x (m + n), each panel 64-byte aligned).
constexpr std::size_t gemm_scratch(std::size_t m, std::size_t depth, std::size_t n) { return depth * (m + n) + 64; }

/// Eigen's blocking with panel buffers someone else owns (Eigen's internal GEMM interface,
/// stable through 3.4): with them, Eigen allocates nothing.
template <class T>
struct borrowed_blocking : Eigen::internal::level3_blocking<T, T> {
    borrowed_blocking(T* a, T* b, Eigen::Index mc, Eigen::Index nc, Eigen::Index kc) {
        this->m_blockA = a;
        this->m_blockB = b;
        this->m_mc = mc;
        this->m_nc = nc;
        this->m_kc = kc;
    }
};

template <class T>
T* aligned_in(T* p) {
    auto address = reinterpret_cast<std::uintptr_t>(p);
    return p + ((64 - address % 64) % 64) / sizeof(T);
}

/// Eigen's blocking of a row-major m x k times k x n product and the panel elements it packs.
/// A row-major C runs Eigen's column-major kernel on the transposed problem, C^T = B^T A^T: its
/// rows are n, its columns m.
template <class T>
struct gemm_blocking {
    Eigen::Index kc, mc, nc;
    std::size_t panel_a = 0, panel_b = 0;
    gemm_blocking(std::size_t m, std::size_t k, std::size_t n) : kc(Eigen::Index(k)), mc(Eigen::Index(n)), nc(Eigen::Index(m)) {
        Eigen::internal::computeProductBlockingSizes<T, T, 1>(kc, mc, nc, Eigen::Index(1));
        panel_a = std::size_t(kc * std::min(mc, Eigen::Index(n)));
        panel_b = std::size_t(kc * std::min(nc, Eigen::Index(m)));
    }
    std::size_t scratch_needed() const { return panel_a + panel_b + 64 / sizeof(T) * 2; }  // + alignment
};

/// One GEMM on Eigen's kernel with its panels packed into `scratch`: op(A) (m x k) op(B) (k x n)
/// into c, each matrix with the row stride given (a transposed operand is stored the other way).
/// False, with nothing done, when the panels do not fit.
template <bool TransposeA, bool TransposeB, class T>
bool packed_gemm(T* c, std::size_t ldc, bool accumulate, const T* a, std::size_t lda, const T* b, std::size_t ldb,
                 std::size_t m, std::size_t k, std::size_t n, T* scratch, std::size_t scratch_size) {
    using Eigen::Index;
    const gemm_blocking<T> blocks(m, k, n);
    if (scratch == nullptr || blocks.scratch_needed() > scratch_size) return false;
    T* block_a = aligned_in(scratch);
    T* block_b = aligned_in(block_a + blocks.panel_a);
    borrowed_blocking<T> blocking(block_a, block_b, blocks.mc, blocks.nc, blocks.kc);
    if (!accumulate && ldc == n) std::fill_n(c, m * n, T(0));  // (one memset, not one per row)
    else if (!accumulate)
        for (std::size_t i = 0; i < m; ++i) std::fill_n(c + i * ldc, n, T(0));
    Eigen::internal::general_matrix_matrix_product<Index, T, TransposeA ? Eigen::ColMajor : Eigen::RowMajor, false, T,
                                                   TransposeB ? Eigen::ColMajor : Eigen::RowMajor, false, Eigen::RowMajor,
                                                   1>::run(Index(m), Index(n), Index(k), a, Index(lda), b, Index(ldb), c, 1,
                                                           Index(ldc), T(1), blocking, nullptr);
    return true;
}

/// Products of at least this many multiply-adds are split over a workspace's threads: below,
/// waking a thread costs more than it saves.
inline constexpr std::size_t gemm_split_work = std::size_t(1) << 17;

/// The run-time GEMM: Eigen over ctgrad's storage. (Out of the constexpr function: C++20 allows
/// no variable of a non-literal type there, even on a branch constant evaluation never takes.)
/// With scratch space, Eigen's GEMM kernel packs its panels there; without, Eigen's product.
/// Under a thread team (detail/thread_team.hpp) a large product is split into one block of C's
/// rows (or columns, whichever are more) per thread, each packing into its own scratch; every
/// element of C is still one thread's sum in one order, so the split is deterministic.
template <bool TransposeA, bool TransposeB, class T>
void eigen_gemm(T* c, bool accumulate, const T* a, const T* b, std::size_t m, std::size_t k, std::size_t n, T* scratch,
                std::size_t scratch_size) {
    const std::size_t lda = TransposeA ? m : k, ldb = TransposeB ? k : n;
    thread_team* team = active_team;
    const bool by_rows = m >= n;
    if (team != nullptr && team->size() > 1 && m * n * k >= gemm_split_work &&
        team->scratch_bytes() >= scratch_size * sizeof(T) && gemm_blocking<T>(m, k, n).scratch_needed() <= scratch_size) {
        // each part at least 16 rows (columns) and a multiple of 8: whole micro-kernel panels
        for_each_part(by_rows ? m : n, 16, [&](std::size_t begin, std::size_t end, std::size_t part) {
            T* own = part == 0 ? scratch : team->scratch<T>(part);
            const std::size_t size = part == 0 ? scratch_size : team->scratch_bytes() / sizeof(T);
            if (by_rows)
                packed_gemm<TransposeA, TransposeB, T>(c + begin * n, n, accumulate, TransposeA ? a + begin : a + begin * k,
                                                       lda, b, ldb, end - begin, k, n, own, size);
            else
                packed_gemm<TransposeA, TransposeB, T>(c + begin, n, accumulate, a, lda,
                                                       TransposeB ? b + begin * k : b + begin, ldb, m, k, end - begin, own, size);
        }, 8);
        return;
    }
    if (packed_gemm<TransposeA, TransposeB, T>(c, n, accumulate, a, lda, b, ldb, m, k, n, scratch, scratch_size)) return;
    auto C = matrix_map(c, m, n);
    auto A = matrix_map(a, TransposeA ? k : m, TransposeA ? m : k);
    auto B = matrix_map(b, TransposeB ? n : k, TransposeB ? k : n);
    auto run = [&](const auto& lhs, const auto& rhs) {
        if (accumulate) C.noalias() += lhs * rhs;
        else C.noalias() = lhs * rhs;
    };
    if constexpr (TransposeA && TransposeB) run(A.transpose(), B.transpose());
    else if constexpr (TransposeA) run(A.transpose(), B);
    else if constexpr (TransposeB) run(A, B.transpose());
    else run(A, B);
}

/// C (=|+=) op(A) op(B), with op a transpose where asked; row-major, m x k times k x n.
template <bool TransposeA, bool TransposeB, class T>
constexpr void gemm(T* c, bool accumulate, const T* a, const T* b, std::size_t m, std::size_t k, std::size_t n,
                    T* scratch = nullptr, std::size_t scratch_size = 0) {
    if (std::is_constant_evaluated()) {
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                T s = accumulate ? c[i * n + j] : T(0);
                for (std::size_t l = 0; l < k; ++l)
                    s += (TransposeA ? a[l * m + i] : a[i * k + l]) * (TransposeB ? b[j * k + l] : b[l * n + j]);
                c[i * n + j] = s;
            }
    } else {
        eigen_gemm<TransposeA, TransposeB>(c, accumulate, a, b, m, k, n, scratch, scratch_size);
    }
}
}  // namespace detail

namespace ops {
/// op(A) op(B), op a transpose where the flag says: matmul(X, transpose(W)) is one GEMM that
/// reads W transposed, never a copy of W^T (ops::matmul is the product without transposes).
template <bool TransposeA, bool TransposeB>
struct matrix_product {
    static constexpr std::string_view id =
        TransposeA ? (TransposeB ? "matmul_tt" : "matmul_tn") : (TransposeB ? "matmul_nt" : "matmul");
    static constexpr std::string_view dot =
        TransposeA ? (TransposeB ? "A^T @ B^T" : "A^T @ B") : (TransposeB ? "A @ B^T" : "A @ B");
    static constexpr int rank = 5;
    static constexpr print_format text{TransposeA ? (TransposeB ? "$0^T @ $1^T" : "$0^T @ $1") : (TransposeB ? "$0 @ $1^T" : "$0 @ $1"),
                                       precedence::product, TransposeA ? precedence::atom : precedence::product,
                                       TransposeB ? precedence::atom : precedence::power};
    static constexpr print_format latex{
        TransposeA ? (TransposeB ? "$0^{\\top} \\, $1^{\\top}" : "$0^{\\top} \\, $1") : (TransposeB ? "$0 \\, $1^{\\top}" : "$0 \\, $1"),
        precedence::product, TransposeA ? precedence::atom : precedence::product,
        TransposeB ? precedence::atom : precedence::power};
    static constexpr op_properties properties{.reverse_reads = {detail::reads_b, detail::reads_a}};  // the other factor
    static constexpr cpp_code cpp{.value = "ctgrad_$id(2, $out, static_cast<const T*>(0), $0, $K0, $R0, $C0, $1, $K1, $R1, $C1);",
                                  .backward = {"ctgrad_$id(0, $dst, $adj, $0, $K0, $R0, $C0, $1, $K1, $R1, $C1);",
                                               "ctgrad_$id(1, $dst, $adj, $0, $K0, $R0, $C0, $1, $K1, $R1, $C1);"},
                                  .helpers = {detail::matmul_cpp_helpers}};

    /// The factors as the matrices they are in the product: op(A) is m x k, op(B) k x n.
    static constexpr shape left(shape a) { return TransposeA ? detail::transposed(a) : detail::as_left(a); }
    static constexpr shape right(shape b) { return TransposeB ? detail::transposed(b) : detail::as_right(b); }
    /// m x n, where m may be the batch (op(A)'s rows) or n (op(B)'s columns).
    static constexpr shape result_shape(shape a, shape b) {
        const shape l = left(a), r = right(b);
        const bool m_batched = l.batch == batch_axis::rows, n_batched = r.batch == batch_axis::cols;
        if (a.rank == 1 && b.rank == 1) return {};  // a dot product
        if (a.rank == 1) return {1, 1, r.cols, n_batched ? batch_axis::cols : batch_axis::none};
        if (b.rank == 1) return {1, 1, l.rows, m_batched ? batch_axis::cols : batch_axis::none};
        return {2, l.rows, r.cols, m_batched ? batch_axis::rows : n_batched ? batch_axis::cols : batch_axis::none};
    }
    /// Symbolic: d op(A) = dC op(B)^T, d op(B) = op(A)^T dC; with a vector operand, outer
    /// products as a column times a row (broadcasting) and products with the other factor.
    template <std::size_t I> static constexpr auto vjp(const auto& self, const auto& adj, const auto& a, const auto& b);
    /// Scratch for Eigen's GEMM panels: the largest of the forward product and both VJPs.
    static constexpr std::size_t scratch(shape a, shape b) {
        const std::size_t m = left(a).rows, k = left(a).cols, n = right(b).cols;
        return std::max({detail::gemm_scratch(m, k, n), detail::gemm_scratch(m, n, k), detail::gemm_scratch(k, m, n)});
    }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a, tensor_in<T> b) {
        const shape l = left(a.dims), r = right(b.dims);
        detail::gemm<TransposeA, TransposeB>(out.data, false, a.data, b.data, l.rows, l.cols, r.cols, out.scratch,
                                             out.scratch_size);
    }
    /// dA = dC op(B)^T, or its transpose op(B) dC^T where A is read transposed; dB likewise.
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> a, tensor_in<T> b, tensor_in<T>,
                                   tensor_in<T> adj) {
        const std::size_t m = left(a.dims).rows, k = left(a.dims).cols, n = right(b.dims).cols;
        T* c = dst.data;
        if constexpr (I == 0 && !TransposeA) detail::gemm<false, !TransposeB>(c, accumulate, adj.data, b.data, m, n, k, dst.scratch, dst.scratch_size);
        else if constexpr (I == 0) detail::gemm<TransposeB, true>(c, accumulate, b.data, adj.data, k, n, m, dst.scratch, dst.scratch_size);
        else if constexpr (!TransposeB) detail::gemm<!TransposeA, false>(c, accumulate, a.data, adj.data, k, m, n, dst.scratch, dst.scratch_size);
        else detail::gemm<true, TransposeA>(c, accumulate, adj.data, a.data, n, m, k, dst.scratch, dst.scratch_size);
    }
};

/// A B: the product as written (either factor may be a vector).
struct matmul : matrix_product<false, false> {};
}  // namespace ops

namespace detail {
/// transpose(X) of a matrix X: a product reads X transposed instead.
template <class E>
concept matrix_transpose = is_op<E, ops::transpose> && shape_of<operand_t<0, E>>{}.rank == 2;

/// The product node of op(X) op(Y).
template <bool TransposeA, bool TransposeB, class X, class Y>
static constexpr auto product_node(const X& x, const Y& y) {
    if constexpr (!TransposeA && !TransposeB) return detail::make_node<node<ops::matmul, X, Y>>(x, y);
    else return detail::make_node<node<ops::matrix_product<TransposeA, TransposeB>, X, Y>>(x, y);
}
template <class E>
static constexpr auto untransposed(const E& e) {
    if constexpr (matrix_transpose<E>) return e.template operand<0>();
    else return e;
}

template <class A, class B>
static constexpr auto make_matmul(const A& a, const B& b) {
    if constexpr (exact_scaled<A>)  // (c A) B = c (A B)
        return make_mul(a.template operand<0>(), make_matmul(a.template operand<1>(), b));
    else if constexpr (exact_scaled<B>)
        return make_mul(b.template operand<0>(), make_matmul(a, b.template operand<1>()));
    else if constexpr (is_exact_value<A, 0> || is_exact_value<B, 0>) return constant<0>{};
    else return product_node<matrix_transpose<A>, matrix_transpose<B>>(untransposed(a), untransposed(b));
}
}  // namespace detail

/// matmul(A, B): the matrix product; a vector operand is a row on the left, a column on the
/// right. The inner extents must agree, at compile time.
template <expression A, expression B>
static constexpr auto matmul(const A& a, const B& b) {
    constexpr shape sa = detail::shape_of<A>{}, sb = detail::shape_of<B>{};
    if constexpr (!detail::check_rank_at_most_two<ops::matmul, sa>() || !detail::check_rank_at_most_two<ops::matmul, sb>()) {
        return a;
    } else if constexpr (sa.rank == 0 || sb.rank == 0) {
        CTGRAD_REPORT_SHAPES(operand_is_a_tensor, operand_is_not_a_tensor,
                             "ctgrad::matmul: an operand is a scalar (use *)", ops::matmul, detail::shape_diagnostic<sa>,
                             detail::shape_diagnostic<sb>);
        return a;
    } else if constexpr (!detail::inner_extents_agree(detail::as_left(sa), detail::as_right(sb))) {
        CTGRAD_REPORT_SHAPES(matmul_inner_extents_agree, matmul_inner_extents_differ,
                             "ctgrad::matmul: inner extents differ", ops::matmul, detail::shape_diagnostic<sa>,
                             detail::shape_diagnostic<sb>);
        return a;
    } else if constexpr (detail::product_batched_twice(detail::as_left(sa), detail::as_right(sb))) {
        CTGRAD_REPORT_SHAPES(batch_is_one_extent, batch_is_two_extents,
                             "ctgrad::matmul: both extents of the product would be the run-time batch", ops::matmul,
                             detail::shape_diagnostic<sa>, detail::shape_diagnostic<sb>);
        return a;
    } else {
        return detail::make_matmul(a, b);
    }
}

namespace detail {
/// x as the column of an outer product: a vector transposed, and so a 1 x p matrix (p > 1),
/// the form a vector's adjoint may take; a p x 1 matrix or a scalar as it is.
template <class X>
static constexpr auto as_column(const X& x) {
    constexpr shape s = shape_of<X>{};
    if constexpr (s.rank == 1 || (s.rank == 2 && s.cols > 1)) return make_transpose(x);
    else return x;
}

/// x y, where x stands for a p x Inner matrix and y for an Inner x r one, each laid out
/// row-major as the matrix it stands for (a vector is whichever row or column that is). An
/// inner extent of 1 is an outer product, a column times a row by broadcasting (x and y may
/// then stay smaller than what they stand for, as a lazily broadcast adjoint does); otherwise
/// a vector on the left is a row and on the right a column, as in a user's matmul, and the
/// product is checked like one.
template <std::size_t Inner, class X, class Y>
static constexpr auto matrix_times(const X& x, const Y& y) {
    if constexpr (Inner == 1) return make_mul(as_column(x), y);
    else {
        static_assert(inner_extents_agree(as_left(shape_of<X>{}), as_right(shape_of<Y>{})) &&
                          (Inner == batch || as_left(shape_of<X>{}).cols == Inner),
                      "ctgrad: a vector-Jacobian product multiplies factors whose inner extents differ");
        return make_matmul(x, y);
    }
}

/// d, a derivative with respect to an operand of shape S, in the operand's own orientation:
/// a vector that came out as the column it stands for is turned back into a row. Anything
/// else already has S's elements, or broadcasts to S as an adjoint may.
template <shape S, class D>
static constexpr auto oriented_as(const D& d) {
    constexpr shape s = shape_of<D>{};
    if constexpr (S.rank == 1 && s.rank == 2 && s.cols == 1 && s.rows > 1) return make_transpose(d);
    else {
        static_assert(broadcast(s, S).rank >= 0 && broadcast(s, S).rows == S.rows && broadcast(s, S).cols == S.cols,
                      "ctgrad: a vector-Jacobian product has a shape that does not broadcast to its operand's");
        return d;
    }
}
}  // namespace detail

// With op(A) an m x k matrix and op(B) a k x n one (a vector A is the row 1 x k, a vector B
// the column k x 1, and C = op(A) op(B) is m x n in the layout of its own shape):
// d op(A) = dC op(B)^T and d op(B) = op(A)^T dC, products over the inner extents n and m.
// op(B)^T and op(A)^T are written in the layout of the n x k and k x m matrices they are: a
// vector factor is its own transpose there (a column's elements are the row's).
template <bool TransposeA, bool TransposeB>
template <std::size_t I>
constexpr auto ops::matrix_product<TransposeA, TransposeB>::vjp(const auto& self, const auto& lazy_adj, const auto& a,
                                                               const auto& b) {
    using A = std::remove_cvref_t<decltype(a)>;
    using B = std::remove_cvref_t<decltype(b)>;
    constexpr shape sa = detail::shape_of<A>{}, sb = detail::shape_of<B>{};
    // (an extent that is the run-time batch is `batch`, never 1: an outer product is over a 1)
    constexpr std::size_t m = left(sa).batch == batch_axis::rows ? batch : left(sa).rows;
    constexpr std::size_t n = right(sb).batch == batch_axis::cols ? batch : right(sb).cols;
    // the adjoint as every element of C where the product needs them all; an outer product
    // broadcasts it instead
    auto adjoint = [&]<std::size_t Inner> {
        if constexpr (Inner == 1) return lazy_adj;
        else return detail::expand_to<detail::shape_of<std::remove_cvref_t<decltype(self)>>{}>(lazy_adj);
    };
    if constexpr (I == 0) {
        auto b_transposed = [&] {  // op(B)^T, n x k
            if constexpr (TransposeB || sb.rank == 1) return b;
            else return detail::make_transpose(b);
        }();
        auto d = detail::matrix_times<n>(adjoint.template operator()<n>(), b_transposed);  // d op(A), m x k
        if constexpr (TransposeA) return detail::oriented_as<sa>(detail::make_transpose(d));
        else return detail::oriented_as<sa>(d);
    } else {
        auto a_transposed = [&] {  // op(A)^T, k x m
            if constexpr (TransposeA || sa.rank == 1) return a;
            else return detail::make_transpose(a);
        }();
        auto d = detail::matrix_times<m>(a_transposed, adjoint.template operator()<m>());  // d op(B), k x n
        if constexpr (TransposeB) return detail::oriented_as<sb>(detail::make_transpose(d));
        else return detail::oriented_as<sb>(d);
    }
}
}  // namespace ctgrad
