// ctgrad/ops/sum.hpp - reductions: sum(A) of every element, sum<Axis>(A) along one axis of
// any rank (NumPy's: sum<0> of an m x n matrix is its n column sums, sum<1> its m row sums,
// sum<1> of an N x C x H x W tensor an N x H x W one; with keepdims the axis stays with extent
// 1), and mean(A), mean<Axis>(A) the same divided by the number of elements summed. Their
// vector-Jacobian products broadcast the adjoint back (at rank 3 and 4 with broadcast_to, whose
// own VJP is the sum). Plain loops: a reduction is one pass, which Eigen
// would not beat, and its tiny-size code paths trip g++ 12's -Warray-bounds; sum(A) runs eight
// sums at once (detail/run_sum.hpp), which g++ -O2 vectorizes.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/detail/coefficient.hpp>
#include <ctgrad/detail/elementwise.hpp>
#include <ctgrad/detail/run_sum.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/mul.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
/// to_cpp's copies of the reductions and their vector-Jacobian products.
inline constexpr std::string_view sum_cpp_helpers = R"(#ifndef CTGRAD_CPP_SUM
#define CTGRAD_CPP_SUM
// the library's order (detail/run_sum.hpp): eight running sums added pairwise, then the rest
template <class T>
void ctgrad_sum(T* out, const T* a, std::size_t n) {
    T lanes[8] = {};
    std::size_t k = 0;
    for (; k + 8 <= n; k += 8)
        for (std::size_t j = 0; j < 8; ++j) lanes[j] += a[k + j];
    T total = ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
    for (; k < n; ++k) total += a[k];
    out[0] = total;
}
template <class T>
void ctgrad_sum_vjp(T* d, const T* adj, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) d[k] += adj[0];
}
// the extents e0..e3 around `axis`: element (o, k, i) is at (o * n + k) * inner + i
inline void ctgrad_axis_split(const std::size_t* e, int axis, std::size_t* outer, std::size_t* n, std::size_t* inner) {
    *outer = 1;
    *inner = 1;
    for (int k = 0; k < axis; ++k) *outer *= e[k];
    *n = e[axis];
    for (int k = axis + 1; k < 4; ++k) *inner *= e[k];
}
// out[o, i] (= or +=) the sum over k of a[o, k, i]
template <class T>
void ctgrad_sum_along(T* out, const T* a, std::size_t e0, std::size_t e1, std::size_t e2, std::size_t e3, int axis,
                      bool accumulate) {
    const std::size_t e[4] = {e0, e1, e2, e3};
    std::size_t outer, n, inner;
    ctgrad_axis_split(e, axis, &outer, &n, &inner);
    if (!accumulate)
        for (std::size_t k = 0; k < outer * inner; ++k) out[k] = T(0);
    for (std::size_t o = 0; o < outer; ++o)
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t i = 0; i < inner; ++i) out[o * inner + i] += a[(o * n + k) * inner + i];
}
// out[o, k, i] (= or +=) a[o, i]
template <class T>
void ctgrad_repeat_along(T* out, const T* a, std::size_t e0, std::size_t e1, std::size_t e2, std::size_t e3, int axis,
                         bool accumulate) {
    const std::size_t e[4] = {e0, e1, e2, e3};
    std::size_t outer, n, inner;
    ctgrad_axis_split(e, axis, &outer, &n, &inner);
    for (std::size_t o = 0; o < outer; ++o)
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t i = 0; i < inner; ++i)
                out[(o * n + k) * inner + i] = (accumulate ? out[(o * n + k) * inner + i] : T(0)) + a[o * inner + i];
}
#endif
)";

/// A concrete shape around one axis: the extents before it multiplied (outer), its own (n) and
/// those after it multiplied (inner); element (o, k, i) is at (o * n + k) * inner + i.
struct axis_split {
    std::size_t outer = 1, n = 1, inner = 1;
    constexpr axis_split(shape s, std::size_t axis) {
        const int axes = s.rank < 2 ? 1 : s.rank;
        for (int k = 0; k < axes; ++k) {
            const std::size_t e = s.extent(k);
            if (static_cast<std::size_t>(k) < axis) outer *= e;
            else if (static_cast<std::size_t>(k) == axis) n = e;
            else inner *= e;
        }
    }
};

/// out[o, i] (=|+=) the sum over k of a[o, k, i]: k in order, i innermost (contiguous).
template <class T>
constexpr void sum_along(T* out, bool accumulate, const T* a, axis_split x) {
    if (!accumulate)
        for (std::size_t k = 0; k < x.outer * x.inner; ++k) out[k] = T(0);
    for (std::size_t o = 0; o < x.outer; ++o)
        for (std::size_t k = 0; k < x.n; ++k)
            for (std::size_t i = 0; i < x.inner; ++i) out[o * x.inner + i] += a[(o * x.n + k) * x.inner + i];
}
/// out[o, k, i] (=|+=) a[o, i]: the reverse of sum_along.
template <class T>
constexpr void repeat_along(T* out, bool accumulate, const T* a, axis_split x) {
    for (std::size_t o = 0; o < x.outer; ++o)
        for (std::size_t k = 0; k < x.n; ++k)
            for (std::size_t i = 0; i < x.inner; ++i) {
                T& d = out[(o * x.n + k) * x.inner + i];
                d = (accumulate ? d : T(0)) + a[o * x.inner + i];
            }
}

/// The shape of sum<Axis, KeepDims> of a rank-2 to rank-4 shape (the batch, if not summed, stays).
template <std::size_t Axis, bool KeepDims>
constexpr shape sum_axis_shape(shape a) {
    if (a.rank == 2) {
        // the extent kept may be the batch; a vector's entries then are
        const bool cols_batched = a.batch == batch_axis::cols, rows_batched = a.batch == batch_axis::rows;
        if (KeepDims)
            return Axis == 0 ? shape{2, 1, a.cols, cols_batched ? batch_axis::cols : batch_axis::none}
                             : shape{2, a.rows, 1, rows_batched ? batch_axis::rows : batch_axis::none};
        return Axis == 0 ? shape{1, 1, a.cols, cols_batched ? batch_axis::cols : batch_axis::none}
                         : shape{1, 1, a.rows, rows_batched ? batch_axis::cols : batch_axis::none};
    }
    // rank 3 and 4: only the first extent may be the batch
    const bool batched = a.batch == batch_axis::rows && Axis != 0;
    std::size_t e[4] = {a.rows, 1, 1, 1};
    for (int k = 1; k < a.rank; ++k) e[k] = a.tail[k - 1];
    if (KeepDims) {
        e[Axis] = 1;
        return image_shape(batched ? batch : e[0], e[1], e[2], a.rank == 4 ? e[3] : 0);
    }
    std::size_t kept[3] = {};
    for (int k = 0, j = 0; k < a.rank; ++k)
        if (static_cast<std::size_t>(k) != Axis) kept[j++] = e[k];
    const std::size_t first = batched ? batch : kept[0];
    if (a.rank == 3) return batched ? shape{2, 1, kept[1], batch_axis::rows} : shape{2, kept[0], kept[1]};
    return image_shape(first, kept[1], kept[2]);
}

}  // namespace detail
namespace ops {
/// sum(A): every element; a vector's sum<0> too.
struct sum {
    static constexpr std::string_view id = "sum";
    static constexpr int rank = 3;
    static constexpr print_format text{"sum($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\textstyle\\sum\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {0, 0}};  // only the adjoint
    static constexpr cpp_code cpp{.value = "ctgrad_sum($out, $0, $R0 * $C0);",
                                  .backward = {"ctgrad_sum_vjp($dst, $adj, $R0 * $C0);"},
                                  .helpers = {detail::sum_cpp_helpers}};
    static constexpr shape result_shape(shape) { return {}; }
    /// The scalar adjoint, broadcast to the operand where it is used.
    template <std::size_t> static constexpr auto vjp(const auto&, const auto& adj, const auto&) { return adj; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        out[0] = detail::run_sum(a.data, a.dims.size());
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        detail::add_to_each(dst.data, accumulate, adj[0], dst.dims.size());
    }
};

/// sum<Axis>(A) of a tensor of rank 2 to 4: a matrix's Axis 0 sums the rows together (n column
/// sums), Axis 1 the columns (m row sums); at rank 3 and 4 the axis goes, the others stay in
/// order. KeepDims keeps the summed axis as an extent of 1, as NumPy's keepdims: a (1 x n) row
/// or an (m x 1) column, which broadcasts back against A.
template <std::size_t Axis, bool KeepDims = false>
struct sum_axis {
    static_assert(Axis < 4, "ctgrad::sum<Axis>: tensors have at most four axes");
    static constexpr std::string_view id = "sum_axis";
    static constexpr int rank = 3;
    static constexpr auto text_pattern = [] {  // sum<2>($0), sum<2, keepdims>($0)
        if constexpr (KeepDims) return detail::numbered_pattern<Axis>("sum<", ", keepdims>($0)");
        else return detail::numbered_pattern<Axis>("sum<", ">($0)");
    }();
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{Axis == 0   ? "\\textstyle\\sum_{0}\\left($0\\right)"
                                        : Axis == 1 ? "\\textstyle\\sum_{1}\\left($0\\right)"
                                        : Axis == 2 ? "\\textstyle\\sum_{2}\\left($0\\right)"
                                                    : "\\textstyle\\sum_{3}\\left($0\\right)",
                                        precedence::atom, 0};
    static constexpr op_properties properties{.param = Axis + (KeepDims ? 4 : 0), .reverse_reads = {0, 0}};
    static constexpr auto cpp_value = detail::numbered_pattern<Axis>("ctgrad_sum_along($out, $0, $E0, ", ", false);");
    static constexpr auto cpp_backward = detail::numbered_pattern<Axis>("ctgrad_repeat_along($dst, $adj, $E0, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward.view()},
                                  .helpers = {detail::sum_cpp_helpers}};
    static constexpr shape result_shape(shape a) { return detail::sum_axis_shape<Axis, KeepDims>(a); }
    /// A matrix's: axis 0, the adjoint (a row) broadcast over the rows; axis 1: as a column,
    /// over the columns (with KeepDims the adjoint is that column already). At rank 3 and 4 the
    /// adjoint repeated along the axis by broadcast_to, whose VJP is this sum again (a scalar
    /// adjoint broadcasts as it is).
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto& a) {
        constexpr shape sa = detail::shape_of<std::remove_cvref_t<decltype(a)>>{};
        if constexpr (sa.rank <= 2) {
            if constexpr (Axis == 0 || KeepDims) return adj;
            else return detail::make_transpose(adj);
        } else if constexpr (detail::shape_of<std::remove_cvref_t<decltype(adj)>>{}.rank == 0) {
            return adj;
        } else {  // the adjoint with the axis kept (a view), repeated along it as any broadcast is
            const auto d = detail::expand_to<detail::shape_of<std::remove_cvref_t<decltype(self)>>{}>(adj);
            return detail::expand_to<sa>(detail::make_reshape<detail::sum_axis_shape<Axis, true>(sa)>(d));
        }
    }
    // the same elements in the same order with or without KeepDims
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        detail::sum_along(out.data, false, a.data, detail::axis_split(a.dims, Axis));
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        detail::repeat_along(dst.data, accumulate, adj.data, detail::axis_split(dst.dims, Axis));
    }
};

/// mean(A) of a tensor with the run-time batch: sum(A) divided by its number of elements at the
/// bound batch (a static tensor's mean is sum(A) times an exact constant instead).
struct batch_mean {
    static constexpr std::string_view id = "batch_mean";
    static constexpr int rank = 3;
    static constexpr print_format text{"mean($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\operatorname{mean}\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {0, 0}};  // only the adjoint
    static constexpr shape result_shape(shape) { return {}; }
    template <std::size_t, class Self>
    static constexpr auto vjp(const Self&, const auto& adj, const auto&) {
        static_assert(sizeof(Self) == 0,
                      "ctgrad::diff: the mean over the run-time batch has no symbolic derivative (1 / batch is not an "
                      "expression); value_and_grad and workspaces differentiate it");
        return adj;
    }
    // times 1/n, as a static mean's exact constant: a batch of n rows gives the same bits as a
    // static batch of n
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        const std::size_t n = a.dims.size();
        out[0] = T(1) / T(n) * detail::run_sum(a.data, n);
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        detail::add_to_each(dst.data, accumulate, adj[0] * (T(1) / T(dst.dims.size())), dst.dims.size());
    }
};
}  // namespace ops

namespace detail {
template <class A>
static constexpr auto make_sum(const A& a) {
    if constexpr (shape_of<A>{}.rank == 0) return a;
    else if constexpr (exact_scaled<A>)  // sum(c A) = c sum(A)
        return make_mul(a.template operand<0>(), make_sum(a.template operand<1>()));
    else return detail::make_node<node<ops::sum, A>>(a);
}
template <std::size_t Axis, bool KeepDims, class A>
static constexpr auto make_sum_axis(const A& a) {
    if constexpr (shape_of<A>{}.rank < 2) return make_sum(a);  // a vector's: a scalar, which broadcasts as (1) does
    else if constexpr (exact_scaled<A>)
        return make_mul(a.template operand<0>(), make_sum_axis<Axis, KeepDims>(a.template operand<1>()));
    else return detail::make_node<node<ops::sum_axis<Axis, KeepDims>, A>>(a);
}
}  // namespace detail

/// sum(A): the sum of every element of A (of a scalar, the scalar).
template <expression A>
static constexpr auto sum(const A& a) {
    return detail::make_sum(a);
}

/// For sum<Axis, keepdims>(A) and mean<Axis, keepdims>(A): keep the reduced axis (extent 1).
inline constexpr bool keepdims = true;

/// sum<Axis>(A): NumPy's sum along one axis (a vector has axis 0 only, an N x C x H x W tensor
/// axes 0 to 3); sum<Axis, keepdims>(A) keeps the axis: sum<1, keepdims>(X) of an (m x n) X is
/// an (m x 1) column, and X - sum<1, keepdims>(X) / n subtracts each row's mean.
template <std::size_t Axis, bool KeepDims = false, expression A>
static constexpr auto sum(const A& a) {
    constexpr shape s = detail::shape_of<A>{};
    if constexpr (Axis >= static_cast<std::size_t>(s.rank)) {
        CTGRAD_REPORT_SHAPES(axis_exists, axis_does_not_exist, "ctgrad::sum<Axis>: the operand has no such axis",
                             ops::sum_axis<Axis>, detail::shape_diagnostic<s>, diagnostic::vector<Axis>);
        return a;
    } else {
        return detail::make_sum_axis<Axis, KeepDims>(a);
    }
}

/// mean(A): sum(A) / (number of elements; with the run-time batch, at the bound batch).
template <expression A>
static constexpr auto mean(const A& a) {
    if constexpr (detail::shape_of<A>{}.value.batched()) return detail::make_node<node<ops::batch_mean, A>>(a);
    else return detail::make_mul(constant<1, static_cast<std::intmax_t>(detail::shape_of<A>{}.size())>{}, sum(a));
}

/// mean<Axis>(A): sum<Axis>(A) / (A's extent along Axis); mean<Axis, keepdims>(A) keeps the axis.
template <std::size_t Axis, bool KeepDims = false, expression A>
static constexpr auto mean(const A& a) {
    constexpr shape s = detail::shape_of<A>{};
    constexpr std::size_t extent = Axis < 4 ? s.extent(static_cast<int>(Axis)) : 1;
    constexpr bool over_batch = s.rank <= 1 ? s.batch == batch_axis::cols
                                : Axis == 0 ? s.batch == batch_axis::rows
                                            : s.rank == 2 && s.batch == batch_axis::cols;
    if constexpr (Axis >= static_cast<std::size_t>(s.rank)) {
        CTGRAD_REPORT_SHAPES(axis_exists, axis_does_not_exist, "ctgrad::mean<Axis>: the operand has no such axis",
                             ops::sum_axis<Axis>, detail::shape_diagnostic<s>, diagnostic::vector<Axis>);
        return a;
    } else if constexpr (over_batch) {
        CTGRAD_REPORT_SHAPES(reduction_keeps_the_batch, reduction_over_the_batch_is_not_supported,
                             "ctgrad::mean<Axis>: the axis is the run-time batch; use mean(A) or sum<Axis>(A)",
                             ops::sum_axis<Axis>, detail::shape_diagnostic<s>, diagnostic::vector<Axis>);
        return a;
    } else {
        return detail::make_mul(constant<1, static_cast<std::intmax_t>(extent)>{}, detail::make_sum_axis<Axis, KeepDims>(a));
    }
}
}  // namespace ctgrad
