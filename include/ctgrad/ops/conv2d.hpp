// ctgrad/ops/conv2d.hpp - two-dimensional convolution (cross-correlation, as PyTorch's) of an
// N x C x H x W input with an O x C x kh x kw kernel, stride and zero padding on both axes:
// N x O x OH x OW, OH = (H + 2 padding - kh) / stride + 1. Three operations close under
// differentiation: conv2d(X, K), its VJP in the input conv2d_input_grad(A, K) (the transposed
// convolution) and its VJP in the kernel conv2d_kernel_grad(X, A); each one's VJPs are the
// other two, so diff prints every order. At run time each is an im2col and Eigen GEMMs
// (detail/gemm in ops/matmul.hpp, packed into scratch): the forward and the kernel's VJP one
// sample at a time, so that the sample's column matrix is written and read in cache and the
// product lands in the N x O x pixels layout itself; the input's VJP, with stride 1 and a
// square kernel, a convolution of the adjoint, else col2im of a GEMM over a few samples at a
// time. Under a workspace's threads each takes a block of samples. Under constant evaluation the
// same loops with the GEMM's plain one.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/detail/elementwise.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/broadcast.hpp>
#include <ctgrad/ops/fwd.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/matmul.hpp>
#include <ctgrad/ops/op.hpp>
#include <ctgrad/detail/thread_team.hpp>

namespace ctgrad {
namespace detail {
/// The extent a rank-3/4 result takes from an operand's first one: the batch stays the batch.
constexpr std::size_t leading_extent(shape s) { return s.batched() ? batch : s.rows; }

/// A convolution's sizes, from the (concrete) shapes of its input x and kernel k.
struct conv_geometry {
    std::size_t n, c, h, w, o, kh, kw, stride, pad, oh, ow;
    constexpr conv_geometry(shape x, shape k, std::size_t stride_, std::size_t pad_)
        : n(x.rows), c(x.tail[0]), h(x.tail[1]), w(x.tail[2]), o(k.rows), kh(k.tail[1]), kw(k.tail[2]), stride(stride_),
          pad(pad_), oh((h + 2 * pad - kh) / stride + 1), ow((w + 2 * pad - kw) / stride + 1) {}
    constexpr std::size_t patch() const { return c * kh * kw; }  // rows of the column matrix
    constexpr std::size_t pixels() const { return oh * ow; }     // one sample's columns
    constexpr std::size_t columns() const { return n * pixels(); }
    constexpr std::size_t image() const { return c * h * w; }
    /// Samples per block of the input's VJP: a column matrix of about a megabyte.
    constexpr std::size_t input_block() const {
        return std::max(std::size_t(1), std::min(n, (std::size_t(1) << 18) / std::max(std::size_t(1), patch() * pixels())));
    }
    /// Whether the input's VJP is itself a convolution: with stride 1 and a square kernel, the
    /// output adjoint padded by kh - 1 - pad, convolved with the kernel flipped in both axes and
    /// its channels swapped (transposed()). No col2im then, and the GEMM's depth is o kh kw.
    constexpr bool transposes_as_conv() const { return stride == 1 && kh == kw && pad < kh; }
    /// That convolution's geometry: the adjoint (n x o x oh x ow) by the flipped kernel (c x o x
    /// kh x kw) gives n x c x h x w.
    constexpr conv_geometry transposed() const {
        return conv_geometry(image_shape(n, o, oh, ow), image_shape(c, o, kh, kw), 1, kh - 1 - pad);
    }
    /// Scratch for one sample's forward: its column matrix, then im2col's padded plane or (after
    /// it) the GEMM's panels.
    constexpr std::size_t forward_scratch() const {
        return patch() * pixels() + std::max((h + 2 * pad) * (w + 2 * pad), gemm_scratch(o, patch(), pixels()));
    }
    /// Scratch, the largest of the three products' needs: the forward's; the kernel VJP's partial
    /// sum (one per thread) and a forward's; the input VJP's flipped kernel and its convolution's
    /// forward, or (other strides) the column matrix and adjoint of a block of samples and panels.
    constexpr std::size_t scratch() const {
        const std::size_t block = input_block() * pixels();
        const std::size_t input_vjp = transposes_as_conv() ? o * patch() + transposed().forward_scratch()
                                                           : (patch() + o) * block + gemm_scratch(patch(), o, block);
        return std::max({forward_scratch(),
                         o * patch() + patch() * pixels() +
                             std::max((h + 2 * pad) * (w + 2 * pad), gemm_scratch(o, pixels(), patch())),
                         input_vjp});
    }
};

/// The output columns xo of kernel column j whose input column xo stride + j - pad is inside
/// the image: [first, last).
struct valid_columns {
    std::size_t first, last;
    constexpr valid_columns(const conv_geometry& g, std::size_t j)
        : first(j >= g.pad ? 0 : (g.pad - j + g.stride - 1) / g.stride),
          last(j > g.w - 1 + g.pad ? 0 : std::min(g.ow, (g.w - 1 + g.pad - j) / g.stride + 1)) {}
};

/// out[0, n) = in[0, n): rows of 8 to 16 elements (a small image's output row) as two
/// overlapping fixed-size copies, which compile to two vector moves each, no loop.
template <class T>
constexpr void copy_row(T* out, const T* in, std::size_t n) {
    if (!std::is_constant_evaluated() && n >= 8 && n <= 16) {
        std::memcpy(out, in, 8 * sizeof(T));
        std::memcpy(out + n - 8, in + n - 8, 8 * sizeof(T));
    } else {
        std::copy_n(in, n, out);
    }
}

/// Elements of the zero-padded copy of one channel that im2col reads from.
constexpr std::size_t padded_plane(const conv_geometry& g) { return (g.h + 2 * g.pad) * (g.w + 2 * g.pad); }

/// One sample's column matrix (patch x pixels): col[(ci kh + i) kw + j][y ow + x] is input pixel
/// (y stride + i - pad, x stride + j - pad) of channel ci, zero outside. Each channel is first
/// copied into a zero-padded plane (padded_plane elements of `plane`), so that every row of
/// the column matrix is a strided walk of it with no bounds to test (with stride 1, copies
/// of whole output rows).
template <class T>
constexpr void im2col(T* col, const T* x, const conv_geometry& g, T* plane) {
    const std::size_t pw = g.w + 2 * g.pad;
    for (std::size_t e = 0; e < padded_plane(g); ++e) plane[e] = T(0);
    for (std::size_t ci = 0; ci < g.c; ++ci) {
        for (std::size_t y = 0; y < g.h; ++y) std::copy_n(x + (ci * g.h + y) * g.w, g.w, plane + (y + g.pad) * pw + g.pad);
        for (std::size_t i = 0; i < g.kh; ++i)
            for (std::size_t j = 0; j < g.kw; ++j) {
                T* row = col + ((ci * g.kh + i) * g.kw + j) * g.pixels();
                for (std::size_t y = 0; y < g.oh; ++y) {
                    const T* in = plane + (y * g.stride + i) * pw + j;
                    if (g.stride == 1) copy_row(row + y * g.ow, in, g.ow);
                    else
                        for (std::size_t xo = 0; xo < g.ow; ++xo) row[y * g.ow + xo] = in[xo * g.stride];
                }
            }
    }
}
/// x += one sample's patches (a block of the column matrix, row stride ld), each to the pixel
/// im2col read it from.
template <class T>
constexpr void col2im_add(T* x, const T* col, std::size_t ld, const conv_geometry& g) {
    for (std::size_t ci = 0; ci < g.c; ++ci)
        for (std::size_t i = 0; i < g.kh; ++i)
            for (std::size_t j = 0; j < g.kw; ++j) {
                const T* row = col + ((ci * g.kh + i) * g.kw + j) * ld;
                T* plane = x + ci * g.h * g.w;
                const valid_columns v(g, j);
                if (v.first >= v.last) continue;
                for (std::size_t y = 0; y < g.oh; ++y) {
                    const std::size_t in_y = y * g.stride + i;
                    if (in_y < g.pad || in_y >= g.h + g.pad) continue;
                    T* out = plane + (in_y - g.pad) * g.w + (v.first * g.stride + j - g.pad);
                    const T* in = row + y * g.ow;
                    if (g.stride == 1)  // contiguous: in vectorized blocks
                        store_elements<true>(out, 0, v.last - v.first, [&](std::size_t e) { return in[v.first + e]; });
                    else
                        for (std::size_t xo = v.first; xo < v.last; ++xo) out[(xo - v.first) * g.stride] += in[xo];
                }
            }
}

/// One sample's N x O x pixels output (or adjoint) into the O x (block pixels) layout of a
/// block's GEMM, at its columns (row stride ld): channel_major[o][p] = sample[o][p].
template <class T>
constexpr void sample_to_channel_major(T* channel_major, std::size_t ld, const T* sample, const conv_geometry& g) {
    for (std::size_t o = 0; o < g.o; ++o) std::copy_n(sample + o * g.pixels(), g.pixels(), channel_major + o * ld);
}

/// f(first, last, scratch, scratch_size) over the samples [0, n): under a workspace's threads,
/// one block of samples per thread, each with its own scratch and its GEMMs on its own thread.
/// Samples are independent, so the bits are the one thread's.
template <class T, class F>
void split_samples(std::size_t n, T* scratch, std::size_t scratch_size, F& f) {
    thread_team* team = active_team;
    if (team == nullptr || team->size() < 2 || n < 2 || team->scratch_bytes() < scratch_size * sizeof(T)) {
        f(std::size_t(0), n, scratch, scratch_size);
        return;
    }
    for_each_part(n, 1, [&](std::size_t first, std::size_t last, std::size_t part) {
        const team_scope alone(nullptr);  // the team is busy with these parts
        if (part == 0) f(first, last, scratch, scratch_size);
        else f(first, last, team->scratch<T>(part), team->scratch_bytes() / sizeof(T));
    }, 1);
}
template <class T, class F>
constexpr void for_sample_parts(std::size_t n, T* scratch, std::size_t scratch_size, F f) {
    if (std::is_constant_evaluated()) f(std::size_t(0), n, scratch, scratch_size);
    else split_samples(n, scratch, scratch_size, f);
}

/// y (=|+=) conv(x, k): per sample, y_s (o x pixels) = K (o x patch) col(x_s) (patch x pixels),
/// the columns written into scratch and read from cache. (Keeping every sample's columns for
/// the kernel's VJP was slower: a batch of them is tens of megabytes, written to memory and
/// read back, where making them again in cache costs less.)
template <class T>
constexpr void conv_forward(T* y, bool accumulate, const T* x, const T* k, const conv_geometry& g, T* scratch,
                            std::size_t scratch_size) {
    const std::size_t col_size = g.patch() * g.pixels(), out_size = g.o * g.pixels();
    for_sample_parts(g.n, scratch, scratch_size, [&](std::size_t first, std::size_t last, T* own, std::size_t own_size) {
        for (std::size_t s = first; s < last; ++s) {
            im2col(own, x + s * g.image(), g, own + col_size);  // (the plane is free before the GEMM)
            gemm<false, false>(y + s * out_size, accumulate, k, own, g.o, g.patch(), g.pixels(), own + col_size,
                               own_size - col_size);
        }
    });
}

/// dx (=|+=) the VJP of conv in its input for output adjoint a: a convolution of a where it is
/// one (conv_geometry::transposes_as_conv), else col2im(K^T a), a few samples at a time (conv_geometry::input_block), so that the GEMM writes the column matrix (patch x
/// pixels a sample, the largest of the three) into cache and col2im reads it from there.
template <class T>
constexpr void conv_input_grad(T* dx, bool accumulate, const T* a, const T* k, const conv_geometry& g, T* scratch,
                               std::size_t scratch_size) {
    if (g.transposes_as_conv()) {  // a convolution of the adjoint (conv_geometry::transposed)
        T* flipped = scratch;      // c x o x kh x kw, read by every thread's part
        for (std::size_t ci = 0; ci < g.c; ++ci)
            for (std::size_t oi = 0; oi < g.o; ++oi)
                for (std::size_t i = 0; i < g.kh; ++i)
                    for (std::size_t j = 0; j < g.kw; ++j)
                        flipped[((ci * g.o + oi) * g.kh + i) * g.kw + j] =
                            k[((oi * g.c + ci) * g.kh + (g.kh - 1 - i)) * g.kw + (g.kw - 1 - j)];
        const std::size_t kernel_size = g.o * g.patch();
        conv_forward(dx, accumulate, a, flipped, g.transposed(), scratch + kernel_size, scratch_size - kernel_size);
        return;
    }
    const std::size_t block = g.input_block(), pixels = g.pixels();
    for_sample_parts(g.n, scratch, scratch_size, [&](std::size_t first, std::size_t last, T* own, std::size_t own_size) {
        for (std::size_t s0 = first; s0 < last; s0 += block) {
            const std::size_t s1 = std::min(last, s0 + block), columns = (s1 - s0) * pixels;
            T* dcol = own;
            T* adj = own + g.patch() * columns;  // the block's adjoint, channels first
            for (std::size_t s = s0; s < s1; ++s)
                sample_to_channel_major(adj + (s - s0) * pixels, columns, a + s * g.o * pixels, g);
            gemm<true, false>(dcol, false, k, adj, g.patch(), g.o, columns, adj + g.o * columns,
                              own_size - (g.patch() + g.o) * columns);
            for (std::size_t s = s0; s < s1; ++s) {
                T* image = dx + s * g.image();
                if (!accumulate)
                    for (std::size_t e = 0; e < g.image(); ++e) image[e] = T(0);
                col2im_add(image, dcol + (s - s0) * pixels, columns, g);
            }
        }
    });
}
/// dk (=|+=) the VJP of conv in its kernel: the sum over the samples of a_s (o x pixels)
/// col(x_s)^T, each sample's columns made in scratch. Under a workspace's threads (a large
/// enough product) each part sums its block of samples into its own partial (the first part
/// into dk), and the partials are added in part order: the same bits every run at a given
/// count, though not the one thread's.
template <class T>
constexpr void kernel_grad_of_samples(T* dk, bool accumulate, const T* x, const T* a, const conv_geometry& g,
                                      std::size_t first, std::size_t last, T* scratch, std::size_t scratch_size) {
    const std::size_t col_size = g.patch() * g.pixels(), out_size = g.o * g.pixels();
    if (first == last && !accumulate)
        for (std::size_t e = 0; e < g.o * g.patch(); ++e) dk[e] = T(0);
    for (std::size_t s = first; s < last; ++s) {
        im2col(scratch, x + s * g.image(), g, scratch + col_size);
        gemm<false, true>(dk, accumulate || s > first, a + s * out_size, scratch, g.o, g.pixels(), g.patch(), scratch + col_size,
                          scratch_size - col_size);
    }
}
template <class T>
void split_kernel_grad(T* dk, bool accumulate, const T* x, const T* a, const conv_geometry& g, T* scratch,
                       std::size_t scratch_size) {
    thread_team* team = active_team;
    const std::size_t kernel_size = g.o * g.patch();
    // (as a GEMM is: below gemm_split_work multiply-adds waking a thread costs more than it saves)
    if (team == nullptr || team->size() < 2 || g.n < team->size() || g.n * g.o * g.patch() * g.pixels() < gemm_split_work ||
        team->scratch_bytes() < scratch_size * sizeof(T)) {
        kernel_grad_of_samples(dk, accumulate, x, a, g, 0, g.n, scratch, scratch_size);
        return;
    }
    // at least one sample per thread: every part runs (detail/thread_team.hpp)
    const std::size_t parts = team->size();
    for_each_part(g.n, 1, [&](std::size_t first, std::size_t last, std::size_t part) {
        const team_scope alone(nullptr);  // the team is busy with these parts
        if (part == 0) {
            kernel_grad_of_samples(dk, accumulate, x, a, g, first, last, scratch, scratch_size);
        } else {
            T* own = team->scratch<T>(part);
            kernel_grad_of_samples(own, false, x, a, g, first, last, own + kernel_size,
                                   team->scratch_bytes() / sizeof(T) - kernel_size);
        }
    }, 1);
    for (std::size_t part = 1; part < parts; ++part) {
        const T* partial = team->scratch<T>(part);
        for (std::size_t e = 0; e < kernel_size; ++e) dk[e] += partial[e];
    }
}
template <class T>
constexpr void conv_kernel_grad(T* dk, bool accumulate, const T* x, const T* a, const conv_geometry& g, T* scratch,
                                std::size_t scratch_size) {
    if (std::is_constant_evaluated()) kernel_grad_of_samples(dk, accumulate, x, a, g, 0, g.n, scratch, scratch_size);
    else split_kernel_grad(dk, accumulate, x, a, g, scratch, scratch_size);
}

/// A convolution's parameters as an operation parameter.
constexpr std::uint64_t conv_param(std::size_t stride, std::size_t pad, std::size_t e1, std::size_t e2) {
    return std::uint64_t(stride) | std::uint64_t(pad) << 16 | std::uint64_t(e1) << 32 | std::uint64_t(e2) << 48;
}
}  // namespace detail

namespace ops {
template <std::size_t Stride, std::size_t Padding>
struct conv2d;
template <std::size_t Stride, std::size_t Padding, std::size_t H, std::size_t W>
struct conv2d_input_grad;
template <std::size_t Stride, std::size_t Padding, std::size_t KH, std::size_t KW>
struct conv2d_kernel_grad;
}  // namespace ops

namespace detail {
template <std::size_t Stride, std::size_t Padding, class X, class K>
constexpr auto make_conv2d(const X& x, const K& k) {
    if constexpr (is_exact_value<X, 0> || is_exact_value<K, 0>) return constant<0>{};
    else return detail::make_node<node<ops::conv2d<Stride, Padding>, X, K>>(x, k);
}
template <std::size_t Stride, std::size_t Padding, std::size_t H, std::size_t W, class A, class K>
constexpr auto make_conv2d_input_grad(const A& a, const K& k) {
    if constexpr (is_exact_value<A, 0> || is_exact_value<K, 0>) return constant<0>{};
    else return detail::make_node<node<ops::conv2d_input_grad<Stride, Padding, H, W>, A, K>>(a, k);
}
template <std::size_t Stride, std::size_t Padding, std::size_t KH, std::size_t KW, class X, class A>
constexpr auto make_conv2d_kernel_grad(const X& x, const A& a) {
    if constexpr (is_exact_value<X, 0> || is_exact_value<A, 0>) return constant<0>{};
    else return detail::make_node<node<ops::conv2d_kernel_grad<Stride, Padding, KH, KW>, X, A>>(x, a);
}
}  // namespace detail

namespace detail {
/// to_cpp's convolution: plain loops over output pixels (mode 0: out = x (*) k from in0 = x,
/// in1 = k; mode 1: out = the input VJP from in0 = the output adjoint, in1 = k; mode 2: out =
/// the kernel VJP from in0 = x, in1 = the output adjoint), x N x C x H x W, k O x C x KH x KW.
inline constexpr std::string_view conv_cpp_helpers = R"(#ifndef CTGRAD_CPP_CONV2D
#define CTGRAD_CPP_CONV2D
template <class T>
void ctgrad_conv2d(int mode, T* out, const T* in0, const T* in1, std::size_t n, std::size_t c, std::size_t h, std::size_t w,
                   std::size_t o, std::size_t, std::size_t kh, std::size_t kw, std::size_t s, std::size_t p, bool accumulate) {
    const std::size_t oh = (h + 2 * p - kh) / s + 1, ow = (w + 2 * p - kw) / s + 1;
    const std::size_t size = mode == 0 ? n * o * oh * ow : mode == 1 ? n * c * h * w : o * c * kh * kw;
    if (!accumulate)
        for (std::size_t e = 0; e < size; ++e) out[e] = T(0);
    for (std::size_t b0 = 0; b0 < n; ++b0)
        for (std::size_t f = 0; f < o; ++f)
            for (std::size_t i = 0; i < oh; ++i)
                for (std::size_t j = 0; j < ow; ++j) {
                    const std::size_t yi = ((b0 * o + f) * oh + i) * ow + j;
                    for (std::size_t ci = 0; ci < c; ++ci)
                        for (std::size_t a = 0; a < kh; ++a)
                            for (std::size_t b = 0; b < kw; ++b) {
                                const long yy = long(i * s + a) - long(p), xx = long(j * s + b) - long(p);
                                if (yy < 0 || xx < 0 || yy >= long(h) || xx >= long(w)) continue;
                                const std::size_t xi = ((b0 * c + ci) * h + std::size_t(yy)) * w + std::size_t(xx);
                                const std::size_t ki = ((f * c + ci) * kh + a) * kw + b;
                                if (mode == 0) out[yi] += in0[xi] * in1[ki];
                                else if (mode == 1) out[xi] += in0[yi] * in1[ki];
                                else out[ki] += in0[xi] * in1[yi];
                            }
                }
}
#endif
)";
}  // namespace detail

namespace ops {
/// conv2d(X, K): X is N x C x H x W (N may be the batch), K is O x C x kh x kw.
template <std::size_t Stride, std::size_t Padding>
struct conv2d {
    static constexpr std::string_view id = "conv2d";
    static constexpr int rank = 5;
    static constexpr auto text_pattern = detail::numbered_pattern<Stride, Padding>("conv2d<", ">($0, $1)");
    static constexpr auto latex_pattern =
        detail::numbered_pattern<Stride, Padding>("\\operatorname{conv2d}_{", "}\\left($0, $1\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0, 0};
    static constexpr op_properties properties{.param = detail::conv_param(Stride, Padding, 0, 0),
                                              .reverse_reads = {detail::reads_b, detail::reads_a}};
    static constexpr auto cpp_value = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(0, $out, $0, $1, $E0, $E1, ", ", false);");
    static constexpr auto cpp_backward_0 = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(1, $dst, $adj, $1, $E0, $E1, ", ", true);");
    static constexpr auto cpp_backward_1 = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(2, $dst, $0, $adj, $E0, $E1, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view(), cpp_backward_1.view()},
                                  .helpers = {detail::conv_cpp_helpers}};
    static constexpr shape result_shape(shape x, shape k) {
        const detail::conv_geometry g(x, k, Stride, Padding);
        return image_shape(detail::leading_extent(x), g.o, g.oh, g.ow);
    }
    static constexpr std::size_t scratch(shape x, shape k) { return detail::conv_geometry(x, k, Stride, Padding).scratch(); }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> x, tensor_in<T> k) {
        detail::conv_forward(out.data, false, x.data, k.data, detail::conv_geometry(x.dims, k.dims, Stride, Padding),
                             out.scratch, out.scratch_size);
    }
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> x, tensor_in<T> k, tensor_in<T>,
                                   tensor_in<T> adj) {
        const detail::conv_geometry g(x.dims, k.dims, Stride, Padding);
        if constexpr (I == 0) detail::conv_input_grad(dst.data, accumulate, adj.data, k.data, g, dst.scratch, dst.scratch_size);
        else detail::conv_kernel_grad(dst.data, accumulate, x.data, adj.data, g, dst.scratch, dst.scratch_size);
    }
    template <std::size_t I> static constexpr auto vjp(const auto& self, const auto& adj, const auto& x, const auto& k) {
        using X = std::remove_cvref_t<decltype(x)>;
        using K = std::remove_cvref_t<decltype(k)>;
        const auto a = detail::full_adjoint<decltype(self)>(adj);
        constexpr shape sx = detail::shape_of<X>{}, sk = detail::shape_of<K>{};
        if constexpr (I == 0) return detail::make_conv2d_input_grad<Stride, Padding, sx.tail[1], sx.tail[2]>(a, k);
        else return detail::make_conv2d_kernel_grad<Stride, Padding, sk.tail[1], sk.tail[2]>(x, a);
    }
};

/// conv2d_input_grad(A, K): the VJP of conv2d in its H x W input for output adjoint A (the
/// transposed convolution, A's N x O x OH x OW to N x C x H x W).
template <std::size_t Stride, std::size_t Padding, std::size_t H, std::size_t W>
struct conv2d_input_grad {
    static constexpr std::string_view id = "conv2d_input_grad";
    static constexpr int rank = 5;
    static constexpr auto text_pattern = detail::numbered_pattern<Stride, Padding, H, W>("conv2d_input_grad<", ">($0, $1)");
    static constexpr auto latex_pattern =
        detail::numbered_pattern<Stride, Padding, H, W>("\\operatorname{conv2d}^{\\top}_{", "}\\left($0, $1\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0, 0};
    static constexpr op_properties properties{.param = detail::conv_param(Stride, Padding, H, W),
                                              .reverse_reads = {detail::reads_b, detail::reads_a}};
    static constexpr auto cpp_value = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(1, $out, $0, $1, $E, $E1, ", ", false);");
    static constexpr auto cpp_backward_0 = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(0, $dst, $adj, $1, $E, $E1, ", ", true);");
    static constexpr auto cpp_backward_1 = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(2, $dst, $adj, $0, $E, $E1, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view(), cpp_backward_1.view()},
                                  .helpers = {detail::conv_cpp_helpers}};
    /// The input's shape: A's samples, K's channels, H x W.
    static constexpr shape input_shape(shape a, shape k) { return image_shape(detail::leading_extent(a), k.tail[0], H, W); }
    static constexpr shape result_shape(shape a, shape k) { return input_shape(a, k); }
    static constexpr std::size_t scratch(shape a, shape k) {
        return detail::conv_geometry(input_shape(a, k), k, Stride, Padding).scratch();
    }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a, tensor_in<T> k) {
        detail::conv_input_grad(out.data, false, a.data, k.data, detail::conv_geometry(out.dims, k.dims, Stride, Padding),
                                out.scratch, out.scratch_size);
    }
    /// Linear in both: in A, conv2d of the adjoint with K; in K, the kernel VJP of the adjoint
    /// (an input) and A (an output adjoint).
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> a, tensor_in<T> k, tensor_in<T>,
                                   tensor_in<T> adj) {
        const detail::conv_geometry g(adj.dims, k.dims, Stride, Padding);
        if constexpr (I == 0) detail::conv_forward(dst.data, accumulate, adj.data, k.data, g, dst.scratch, dst.scratch_size);
        else detail::conv_kernel_grad(dst.data, accumulate, adj.data, a.data, g, dst.scratch, dst.scratch_size);
    }
    template <std::size_t I> static constexpr auto vjp(const auto& self, const auto& adj, const auto& a, const auto& k) {
        using K = std::remove_cvref_t<decltype(k)>;
        const auto d = detail::full_adjoint<decltype(self)>(adj);
        constexpr shape sk = detail::shape_of<K>{};
        if constexpr (I == 0) return detail::make_conv2d<Stride, Padding>(d, k);
        else return detail::make_conv2d_kernel_grad<Stride, Padding, sk.tail[1], sk.tail[2]>(d, a);
    }
};

/// conv2d_kernel_grad(X, A): the VJP of conv2d in its KH x KW kernel for input X and output
/// adjoint A, summed over the samples: O x C x KH x KW.
template <std::size_t Stride, std::size_t Padding, std::size_t KH, std::size_t KW>
struct conv2d_kernel_grad {
    static constexpr std::string_view id = "conv2d_kernel_grad";
    static constexpr int rank = 5;
    static constexpr auto text_pattern = detail::numbered_pattern<Stride, Padding, KH, KW>("conv2d_kernel_grad<", ">($0, $1)");
    static constexpr auto latex_pattern =
        detail::numbered_pattern<Stride, Padding, KH, KW>("\\operatorname{conv2d}^{K}_{", "}\\left($0, $1\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0, 0};
    static constexpr op_properties properties{.param = detail::conv_param(Stride, Padding, KH, KW),
                                              .reverse_reads = {detail::reads_b, detail::reads_a}};
    static constexpr auto cpp_value = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(2, $out, $0, $1, $E0, $E, ", ", false);");
    static constexpr auto cpp_backward_0 = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(1, $dst, $1, $adj, $E0, $E, ", ", true);");
    static constexpr auto cpp_backward_1 = detail::numbered_pattern<Stride, Padding>("ctgrad_conv2d(0, $dst, $0, $adj, $E0, $E, ", ", true);");
    static constexpr cpp_code cpp{.value = cpp_value.view(),
                                  .backward = {cpp_backward_0.view(), cpp_backward_1.view()},
                                  .helpers = {detail::conv_cpp_helpers}};
    static constexpr shape kernel_shape(shape x, shape a) { return image_shape(a.tail[0], x.tail[0], KH, KW); }
    static constexpr shape result_shape(shape x, shape a) { return kernel_shape(x, a); }
    static constexpr std::size_t scratch(shape x, shape a) {
        return detail::conv_geometry(x, kernel_shape(x, a), Stride, Padding).scratch();
    }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> x, tensor_in<T> a) {
        detail::conv_kernel_grad(out.data, false, x.data, a.data, detail::conv_geometry(x.dims, out.dims, Stride, Padding),
                                 out.scratch, out.scratch_size);
    }
    /// Linear in both: in X, the input VJP of A with the adjoint (a kernel); in A, conv2d of X
    /// with the adjoint.
    template <std::size_t I, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T> x, tensor_in<T> a, tensor_in<T>,
                                   tensor_in<T> adj) {
        const detail::conv_geometry g(x.dims, adj.dims, Stride, Padding);
        if constexpr (I == 0) detail::conv_input_grad(dst.data, accumulate, a.data, adj.data, g, dst.scratch, dst.scratch_size);
        else detail::conv_forward(dst.data, accumulate, x.data, adj.data, g, dst.scratch, dst.scratch_size);
    }
    template <std::size_t I> static constexpr auto vjp(const auto& self, const auto& adj, const auto& x, const auto& a) {
        using X = std::remove_cvref_t<decltype(x)>;
        const auto d = detail::full_adjoint<decltype(self)>(adj);
        constexpr shape sx = detail::shape_of<X>{};
        if constexpr (I == 0) return detail::make_conv2d_input_grad<Stride, Padding, sx.tail[1], sx.tail[2]>(a, d);
        else return detail::make_conv2d<Stride, Padding>(x, d);
    }
};
}  // namespace ops
}  // namespace ctgrad

namespace ctgrad::nn {
/// conv2d<Stride, Padding>(X, K): the cross-correlation of an N x C x H x W input X (N may be
/// the batch) with an O x C x kh x kw kernel K, zero-padded by Padding on each side: N x O x
/// OH x OW, OH = (H + 2 Padding - kh) / Stride + 1 (PyTorch's Conv2d without bias).
template <std::size_t Stride = 1, std::size_t Padding = 0, expression X, expression K>
constexpr auto conv2d(const X& x, const K& k) {
    static_assert(Stride > 0, "ctgrad::nn::conv2d: the stride is at least 1");
    constexpr shape sx = detail::shape_of<X>{}, sk = detail::shape_of<K>{};
    using call = ops::conv2d<Stride, Padding>;
    if constexpr (sx.rank != 4 || sk.rank != 4 || sk.batched()) {
        CTGRAD_REPORT_SHAPES(image_shapes_agree, image_shapes_disagree,
                             "ctgrad::nn::conv2d: the input is N x C x H x W and the kernel O x C x kh x kw",
                             call, detail::shape_diagnostic<sx>, detail::shape_diagnostic<sk>);
        return x;
    } else if constexpr (sx.tail[0] != sk.tail[0]) {
        CTGRAD_REPORT_SHAPES(image_shapes_agree, image_shapes_disagree,
                             "ctgrad::nn::conv2d: the input's channels (extent 1) differ from the kernel's",
                             call, detail::shape_diagnostic<sx>, detail::shape_diagnostic<sk>);
        return x;
    } else if constexpr (sx.tail[1] + 2 * Padding < sk.tail[1] || sx.tail[2] + 2 * Padding < sk.tail[2]) {
        CTGRAD_REPORT_SHAPES(image_shapes_agree, image_shapes_disagree,
                             "ctgrad::nn::conv2d: the kernel is larger than the padded input", call,
                             detail::shape_diagnostic<sx>, detail::shape_diagnostic<sk>);
        return x;
    } else {
        return detail::make_conv2d<Stride, Padding>(x, k);
    }
}
}  // namespace ctgrad::nn
