// ctgrad/ops/pool2d.hpp - pooling over Size x Size windows of an N x C x H x W tensor, Stride
// apart: N x C x OH x OW, OH = (H - Size) / Stride + 1 (no padding). max_pool2d's VJP routes
// each window's adjoint to the first element that is the window's maximum
// (max_pool2d_scatter), whose own VJP in that adjoint gathers from the same elements
// (max_pool2d_gather), and the gather's is the scatter again: a closed set, so diff prints
// every order (the derivative in the input of where a maximum sits is zero). avg_pool2d's VJP
// spreads each window's adjoint over it (avg_pool2d_grad), whose VJP is avg_pool2d. Plain loops:
// one pass over the input, which is what Eigen would do.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/conv2d.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
/// A pooling's sizes, from the (concrete) shape of its input.
struct pool_geometry {
    std::size_t planes, h, w, size, stride, oh, ow;
    constexpr pool_geometry(shape x, std::size_t size_, std::size_t stride_)
        : planes(x.rows * x.tail[0]), h(x.tail[1]), w(x.tail[2]), size(size_), stride(stride_), oh((h - size) / stride + 1),
          ow((w - size) / stride + 1) {}
    /// Element k of input plane p's window (y, x) at offset (i, j).
    constexpr std::size_t at(std::size_t p, std::size_t y, std::size_t x, std::size_t i, std::size_t j) const {
        return (p * h + y * stride + i) * w + x * stride + j;
    }
    constexpr std::size_t window(std::size_t p, std::size_t y, std::size_t x) const { return (p * oh + y) * ow + x; }
    /// The input element that is window (y, x)'s maximum: the first, in row-major order. The
    /// window's size a constant (the operation's), so that the loops unroll into compares and
    /// conditional moves, no branch per element.
    template <std::size_t Size, class T>
    constexpr std::size_t argmax(const T* in, std::size_t p, std::size_t y, std::size_t x) const {
        const std::size_t first = at(p, y, x, 0, 0);
        std::size_t best = first;
        T best_value = in[first];
        for (std::size_t i = 0; i < Size; ++i)
            for (std::size_t j = 0; j < Size; ++j) {
                const std::size_t k = first + i * w + j;
                const bool larger = in[k] > best_value;
                best = larger ? k : best;
                best_value = larger ? in[k] : best_value;
            }
        return best;
    }
    /// f(window index, input element) over every window's maximum (windows of Size x Size).
    template <std::size_t Size, class T, class F>
    constexpr void each_max(const T* in, F f) const {
        for (std::size_t p = 0; p < planes; ++p)
            for (std::size_t y = 0; y < oh; ++y)
                for (std::size_t x = 0; x < ow; ++x) f(window(p, y, x), argmax<Size>(in, p, y, x));
    }
    /// f(window index, input element) over every element of every window.
    template <class F>
    constexpr void each_element(F f) const {
        for (std::size_t p = 0; p < planes; ++p)
            for (std::size_t y = 0; y < oh; ++y)
                for (std::size_t x = 0; x < ow; ++x)
                    for (std::size_t i = 0; i < size; ++i)
                        for (std::size_t j = 0; j < size; ++j) f(window(p, y, x), at(p, y, x, i, j));
    }
    constexpr std::size_t input_size() const { return planes * h * w; }
    constexpr std::size_t output_size() const { return planes * oh * ow; }
};

template <class T>
constexpr void zero_unless(bool accumulate, T* d, std::size_t n) {
    if (!accumulate)
        for (std::size_t e = 0; e < n; ++e) d[e] = T(0);
}
template <std::size_t Size, std::size_t Stride>
constexpr std::uint64_t pool_param(std::size_t h = 0, std::size_t w = 0) {
    return std::uint64_t(Size) | std::uint64_t(Stride) << 16 | std::uint64_t(h) << 32 | std::uint64_t(w) << 48;
}
/// The pooled shape of x.
template <std::size_t Size, std::size_t Stride>
constexpr shape pooled_shape(shape x) {
    return image_shape(leading_extent(x), x.tail[0], (x.tail[1] - Size) / Stride + 1, (x.tail[2] - Size) / Stride + 1);
}
}  // namespace detail

namespace ops {
template <std::size_t Size, std::size_t Stride> struct max_pool2d_scatter;
template <std::size_t Size, std::size_t Stride> struct max_pool2d_gather;
template <std::size_t Size, std::size_t Stride, std::size_t H, std::size_t W> struct avg_pool2d_grad;
}  // namespace ops

namespace detail {
template <std::size_t Size, std::size_t Stride, class X, class A>
constexpr auto make_max_pool2d_scatter(const X& x, const A& a) {
    if constexpr (is_exact_value<A, 0>) return constant<0>{};
    else return detail::make_node<node<ops::max_pool2d_scatter<Size, Stride>, X, A>>(x, a);
}
template <std::size_t Size, std::size_t Stride, class X, class D>
constexpr auto make_max_pool2d_gather(const X& x, const D& d) {
    if constexpr (is_exact_value<D, 0>) return constant<0>{};
    else return detail::make_node<node<ops::max_pool2d_gather<Size, Stride>, X, D>>(x, d);
}
}  // namespace detail

namespace detail {
/// to_cpp's pooling over an N x C x H x W x: ctgrad_max_pool mode 0 gathers each window's
/// element of d where x has the window's maximum (the first), mode 1 scatters a window's a
/// there; ctgrad_avg_pool mode 0 takes each window's mean of a, mode 1 spreads a window's a
/// over it.
inline constexpr std::string_view pool_cpp_helpers = R"(#ifndef CTGRAD_CPP_POOL2D
#define CTGRAD_CPP_POOL2D
template <class T>
void ctgrad_max_pool(int mode, T* out, const T* x, const T* from, std::size_t n, std::size_t c, std::size_t h, std::size_t w,
                     std::size_t size, std::size_t stride, bool accumulate) {
    const std::size_t oh = (h - size) / stride + 1, ow = (w - size) / stride + 1, planes = n * c;
    if (!accumulate)
        for (std::size_t e = 0; e < (mode == 0 ? planes * oh * ow : planes * h * w); ++e) out[e] = T(0);
    for (std::size_t p = 0; p < planes; ++p)
        for (std::size_t y = 0; y < oh; ++y)
            for (std::size_t z = 0; z < ow; ++z) {
                std::size_t best = (p * h + y * stride) * w + z * stride;
                for (std::size_t i = 0; i < size; ++i)
                    for (std::size_t j = 0; j < size; ++j) {
                        const std::size_t k = (p * h + y * stride + i) * w + z * stride + j;
                        if (x[k] > x[best]) best = k;
                    }
                const std::size_t window = (p * oh + y) * ow + z;
                if (mode == 0) out[window] += from[best];
                else out[best] += from[window];
            }
}
template <class T>
void ctgrad_avg_pool(int mode, T* out, const T* from, std::size_t n, std::size_t c, std::size_t h, std::size_t w,
                     std::size_t size, std::size_t stride, bool accumulate) {
    const std::size_t oh = (h - size) / stride + 1, ow = (w - size) / stride + 1, planes = n * c;
    if (!accumulate)
        for (std::size_t e = 0; e < (mode == 0 ? planes * oh * ow : planes * h * w); ++e) out[e] = T(0);
    for (std::size_t p = 0; p < planes; ++p)
        for (std::size_t y = 0; y < oh; ++y)
            for (std::size_t z = 0; z < ow; ++z) {
                const std::size_t window = (p * oh + y) * ow + z;
                T total = T(0);
                for (std::size_t i = 0; i < size; ++i)
                    for (std::size_t j = 0; j < size; ++j) {
                        const std::size_t k = (p * h + y * stride + i) * w + z * stride + j;
                        if (mode == 0) total += from[k];
                        else out[k] += from[window] / T(size * size);
                    }
                if (mode == 0) out[window] += total / T(size * size);
            }
}
#endif
)";
}  // namespace detail

namespace ops {
/// max_pool2d(X): each window's maximum.
template <std::size_t Size, std::size_t Stride>
struct max_pool2d {
    static constexpr std::string_view id = "max_pool2d";
    static constexpr int rank = 3;
    static constexpr auto text_pattern = detail::numbered_pattern<Size, Stride>("max_pool2d<", ">($0)");
    static constexpr auto latex_pattern = detail::numbered_pattern<Size, Stride>("\\operatorname{maxpool}_{", "}\\left($0\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0};
    static constexpr op_properties properties{.param = detail::pool_param<Size, Stride>(), .reverse_reads = {detail::reads_a, 0}};
    static constexpr auto cpp_value = detail::numbered_pattern<Size, Stride>("ctgrad_max_pool(0, $out, $0, $0, $E0, ", ", false);");
    static constexpr auto cpp_backward_0 = detail::numbered_pattern<Size, Stride>("ctgrad_max_pool(1, $dst, $0, $adj, $E0, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view()},
                                  .helpers = {detail::pool_cpp_helpers}};
    static constexpr shape result_shape(shape x) { return detail::pooled_shape<Size, Stride>(x); }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> x) {
        detail::pool_geometry(x.dims, Size, Stride).each_max<Size>(x.data, [&](std::size_t w, std::size_t k) { out[w] = x[k]; });
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> x, tensor_in<T>, tensor_in<T> adj) {
        const detail::pool_geometry g(x.dims, Size, Stride);
        detail::zero_unless(accumulate, dst.data, g.input_size());
        g.each_max<Size>(x.data, [&](std::size_t w, std::size_t k) { dst[k] += adj[w]; });
    }
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto& x) {
        return detail::make_max_pool2d_scatter<Size, Stride>(x, detail::full_adjoint<decltype(self)>(adj));
    }
};

/// max_pool2d_scatter(X, A): X's shape, each window's A at the element that is its maximum in
/// X (summed where windows overlap), zero elsewhere.
template <std::size_t Size, std::size_t Stride>
struct max_pool2d_scatter {
    static constexpr std::string_view id = "max_pool2d_scatter";
    static constexpr int rank = 5;
    static constexpr auto text_pattern = detail::numbered_pattern<Size, Stride>("max_pool2d_scatter<", ">($0, $1)");
    static constexpr auto latex_pattern =
        detail::numbered_pattern<Size, Stride>("\\operatorname{maxpool}^{\\top}_{", "}\\left($0, $1\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0, 0};
    static constexpr op_properties properties{.param = detail::pool_param<Size, Stride>(), .reverse_reads = {0, detail::reads_a}};
    static constexpr auto cpp_value = detail::numbered_pattern<Size, Stride>("ctgrad_max_pool(1, $out, $0, $1, $E0, ", ", false);");
    static constexpr fixed_string cpp_backward_0{"(void)$dst;  // where a maximum sits is piecewise constant"};
    static constexpr auto cpp_backward_1 = detail::numbered_pattern<Size, Stride>("ctgrad_max_pool(0, $dst, $0, $adj, $E0, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view(), cpp_backward_1.view()},
                                  .helpers = {detail::pool_cpp_helpers}};
    static constexpr shape result_shape(shape x, shape) { return x; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> x, tensor_in<T> a) {
        const detail::pool_geometry g(x.dims, Size, Stride);
        detail::zero_unless(false, out.data, g.input_size());
        g.each_max<Size>(x.data, [&](std::size_t w, std::size_t k) { out[k] += a[w]; });
    }
    /// In X: zero (where a maximum sits is piecewise constant); in A: the gather.
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> x, tensor_in<T>, tensor_in<T>,
                                   tensor_in<T> adj) {
        const detail::pool_geometry g(x.dims, Size, Stride);
        if constexpr (I == 0) detail::zero_unless(accumulate, dst.data, g.input_size());
        else {
            detail::zero_unless(accumulate, dst.data, g.output_size());
            g.each_max<Size>(x.data, [&](std::size_t w, std::size_t k) { dst[w] += adj[k]; });
        }
    }
    template <std::size_t I> static constexpr auto vjp(const auto& self, const auto& adj, const auto& x, const auto&) {
        if constexpr (I == 0) return constant<0>{};
        else return detail::make_max_pool2d_gather<Size, Stride>(x, detail::full_adjoint<decltype(self)>(adj));
    }
};

/// max_pool2d_gather(X, D): the pooled shape, each window's element of D where X has the
/// window's maximum (max_pool2d(X) is max_pool2d_gather(X, X)).
template <std::size_t Size, std::size_t Stride>
struct max_pool2d_gather {
    static constexpr std::string_view id = "max_pool2d_gather";
    static constexpr int rank = 5;
    static constexpr auto text_pattern = detail::numbered_pattern<Size, Stride>("max_pool2d_gather<", ">($0, $1)");
    static constexpr auto latex_pattern =
        detail::numbered_pattern<Size, Stride>("\\operatorname{maxpool}^{D}_{", "}\\left($0, $1\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0, 0};
    static constexpr op_properties properties{.param = detail::pool_param<Size, Stride>(), .reverse_reads = {0, detail::reads_a}};
    static constexpr auto cpp_value = detail::numbered_pattern<Size, Stride>("ctgrad_max_pool(0, $out, $0, $1, $E0, ", ", false);");
    static constexpr fixed_string cpp_backward_0{"(void)$dst;  // where a maximum sits is piecewise constant"};
    static constexpr auto cpp_backward_1 = detail::numbered_pattern<Size, Stride>("ctgrad_max_pool(1, $dst, $0, $adj, $E0, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view(), cpp_backward_1.view()},
                                  .helpers = {detail::pool_cpp_helpers}};
    static constexpr shape result_shape(shape x, shape) { return detail::pooled_shape<Size, Stride>(x); }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> x, tensor_in<T> d) {
        detail::pool_geometry(x.dims, Size, Stride).each_max<Size>(x.data, [&](std::size_t w, std::size_t k) { out[w] = d[k]; });
    }
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> x, tensor_in<T>, tensor_in<T>,
                                   tensor_in<T> adj) {
        const detail::pool_geometry g(x.dims, Size, Stride);
        detail::zero_unless(accumulate, dst.data, g.input_size());
        if constexpr (I == 1) g.each_max<Size>(x.data, [&](std::size_t w, std::size_t k) { dst[k] += adj[w]; });
    }
    template <std::size_t I> static constexpr auto vjp(const auto& self, const auto& adj, const auto& x, const auto&) {
        if constexpr (I == 0) return constant<0>{};
        else return detail::make_max_pool2d_scatter<Size, Stride>(x, detail::full_adjoint<decltype(self)>(adj));
    }
};

/// avg_pool2d(X): each window's mean.
template <std::size_t Size, std::size_t Stride>
struct avg_pool2d {
    static constexpr std::string_view id = "avg_pool2d";
    static constexpr int rank = 3;
    static constexpr auto text_pattern = detail::numbered_pattern<Size, Stride>("avg_pool2d<", ">($0)");
    static constexpr auto latex_pattern = detail::numbered_pattern<Size, Stride>("\\operatorname{avgpool}_{", "}\\left($0\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0};
    static constexpr op_properties properties{.param = detail::pool_param<Size, Stride>(), .reverse_reads = {0, 0}};
    static constexpr auto cpp_value = detail::numbered_pattern<Size, Stride>("ctgrad_avg_pool(0, $out, $0, $E0, ", ", false);");
    static constexpr auto cpp_backward_0 = detail::numbered_pattern<Size, Stride>("ctgrad_avg_pool(1, $dst, $adj, $E0, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view()},
                                  .helpers = {detail::pool_cpp_helpers}};
    static constexpr shape result_shape(shape x) { return detail::pooled_shape<Size, Stride>(x); }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> x) {
        const detail::pool_geometry g(x.dims, Size, Stride);
        detail::zero_unless(false, out.data, g.output_size());
        g.each_element([&](std::size_t w, std::size_t k) { out[w] += x[k]; });
        for (std::size_t w = 0; w < g.output_size(); ++w) out[w] /= T(Size * Size);
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> x, tensor_in<T>, tensor_in<T> adj) {
        const detail::pool_geometry g(x.dims, Size, Stride);
        detail::zero_unless(accumulate, dst.data, g.input_size());
        g.each_element([&](std::size_t w, std::size_t k) { dst[k] += adj[w] / T(Size * Size); });
    }
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto& x) {
        constexpr shape sx = detail::shape_of<std::remove_cvref_t<decltype(x)>>{};
        using grad = node<avg_pool2d_grad<Size, Stride, sx.tail[1], sx.tail[2]>, decltype(detail::full_adjoint<decltype(self)>(adj))>;
        return detail::make_node<grad>(detail::full_adjoint<decltype(self)>(adj));
    }
};

/// avg_pool2d_grad(A): the VJP of avg_pool2d in its H x W input, each window's A spread over it.
template <std::size_t Size, std::size_t Stride, std::size_t H, std::size_t W>
struct avg_pool2d_grad {
    static constexpr std::string_view id = "avg_pool2d_grad";
    static constexpr int rank = 3;
    static constexpr auto text_pattern = detail::numbered_pattern<Size, Stride, H, W>("avg_pool2d_grad<", ">($0)");
    static constexpr auto latex_pattern =
        detail::numbered_pattern<Size, Stride, H, W>("\\operatorname{avgpool}^{\\top}_{", "}\\left($0\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0};
    static constexpr op_properties properties{.param = detail::pool_param<Size, Stride>(H, W), .reverse_reads = {0, 0}};
    static constexpr auto cpp_value = detail::numbered_pattern<Size, Stride>("ctgrad_avg_pool(1, $out, $0, $E, ", ", false);");
    static constexpr auto cpp_backward_0 = detail::numbered_pattern<Size, Stride>("ctgrad_avg_pool(0, $dst, $adj, $E, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view()},
                                  .helpers = {detail::pool_cpp_helpers}};
    static constexpr shape result_shape(shape a) { return image_shape(detail::leading_extent(a), a.tail[0], H, W); }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        const detail::pool_geometry g(out.dims, Size, Stride);
        detail::zero_unless(false, out.data, g.input_size());
        g.each_element([&](std::size_t w, std::size_t k) { out[k] += a[w] / T(Size * Size); });
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        const detail::pool_geometry g(adj.dims, Size, Stride);
        detail::zero_unless(accumulate, dst.data, g.output_size());
        // the window's sum, then divided: avg_pool2d's rounding
        for (std::size_t p = 0; p < g.planes; ++p)
            for (std::size_t y = 0; y < g.oh; ++y)
                for (std::size_t x = 0; x < g.ow; ++x) {
                    T s = T(0);
                    for (std::size_t i = 0; i < Size; ++i)
                        for (std::size_t j = 0; j < Size; ++j) s += adj[g.at(p, y, x, i, j)];
                    dst[g.window(p, y, x)] += s / T(Size * Size);
                }
    }
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto&) {
        const auto d = detail::full_adjoint<decltype(self)>(adj);
        return detail::make_node<node<avg_pool2d<Size, Stride>, std::remove_cvref_t<decltype(d)>>>(d);
    }
};
}  // namespace ops
}  // namespace ctgrad

namespace ctgrad::nn {
namespace detail_pool {
template <class Call, shape S, std::size_t Size, std::size_t Stride>
consteval bool check_pool() {
    static_assert(Size > 0 && Stride > 0, "ctgrad::nn::max_pool2d, avg_pool2d: the window and the stride are at least 1");
    if constexpr (S.rank != 4 || S.tail[1] < Size || S.tail[2] < Size) {
        using window = diagnostic::matrix<Size, Size>;
        CTGRAD_REPORT_SHAPES(image_shapes_agree, image_shapes_disagree,
                             "ctgrad::nn::max_pool2d, avg_pool2d: the input is N x C x H x W with H and W at least "
                             "the window",
                             Call, ctgrad::detail::shape_diagnostic<S>, window);
        return false;
    } else {
        return true;
    }
}
}  // namespace detail_pool

/// max_pool2d<Size, Stride>(X): the maximum of each Size x Size window of an N x C x H x W X,
/// Stride apart (Size by default: PyTorch's MaxPool2d(Size)).
template <std::size_t Size, std::size_t Stride = Size, expression X>
constexpr auto max_pool2d(const X& x) {
    if constexpr (!detail_pool::check_pool<ops::max_pool2d<Size, Stride>, detail::shape_of<X>{}, Size, Stride>()) return x;
    else return detail::make_node<node<ops::max_pool2d<Size, Stride>, X>>(x);
}
/// avg_pool2d<Size, Stride>(X): the mean of each window, likewise.
template <std::size_t Size, std::size_t Stride = Size, expression X>
constexpr auto avg_pool2d(const X& x) {
    if constexpr (!detail_pool::check_pool<ops::avg_pool2d<Size, Stride>, detail::shape_of<X>{}, Size, Stride>()) return x;
    else return detail::make_node<node<ops::avg_pool2d<Size, Stride>, X>>(x);
}
}  // namespace ctgrad::nn
