// ctgrad/ops/channels.hpp - per-channel tensors of an N x C x H x W one: channel_broadcast<S>(b)
// repeats a vector of C (a convolution's bias) over every sample and pixel of shape S, and
// channel_sum(A) sums each channel over the samples and pixels; each is the other's VJP.
#pragma once
#include <cstddef>
#include <type_traits>

#include <ctgrad/core/shape.hpp>
#include <ctgrad/detail/elementwise.hpp>
#include <ctgrad/detail/run_sum.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/add.hpp>
#include <ctgrad/ops/broadcast.hpp>
#include <ctgrad/ops/conv2d.hpp>
#include <ctgrad/ops/kernel.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {
/// Calls f(channel, first element, pixels) for each sample's run of a channel's pixels in a
/// concrete N x C x H x W shape.
template <class F>
constexpr void each_channel_run(shape s, F f) {
    const std::size_t channels = s.tail[0], pixels = s.tail[1] * (s.rank == 4 ? s.tail[2] : 1);
    for (std::size_t n = 0; n < s.rows; ++n)
        for (std::size_t c = 0; c < channels; ++c) f(c, (n * channels + c) * pixels, pixels);
}
/// out[c] (=|+=) the sum of channel c of a concrete N x C x H x W tensor a, sample by sample.
template <class T>
constexpr void sum_channels(T* out, bool accumulate, const T* a, shape s) {
    const std::size_t channels = s.tail[0], pixels = s.tail[1] * (s.rank == 4 ? s.tail[2] : 1);
    if (!accumulate)
        for (std::size_t c = 0; c < channels; ++c) out[c] = T(0);
    for (std::size_t n = 0; n < s.rows; ++n)
        for (std::size_t c = 0; c < channels; ++c) out[c] += run_sum(a + (n * channels + c) * pixels, pixels);
}

/// to_cpp's per-channel tensors of an N x C x H (x W) one: mode 0 repeats a vector of C over
/// it, mode 1 sums each channel.
inline constexpr std::string_view channel_cpp_helpers = R"(#ifndef CTGRAD_CPP_CHANNELS
#define CTGRAD_CPP_CHANNELS
template <class T>
void ctgrad_channels(int mode, T* out, const T* from, std::size_t n, std::size_t c, std::size_t h, std::size_t w,
                     bool accumulate) {
    if (!accumulate)
        for (std::size_t e = 0; e < (mode == 0 ? n * c * h * w : c); ++e) out[e] = T(0);
    for (std::size_t b = 0; b < n; ++b)
        for (std::size_t ci = 0; ci < c; ++ci)
            for (std::size_t k = 0; k < h * w; ++k) {
                const std::size_t e = (b * c + ci) * h * w + k;
                if (mode == 0) out[e] += from[ci];
                else out[ci] += from[e];
            }
}
#endif
)";
}  // namespace detail

namespace ops {
struct channel_sum;

/// The vector of channel values repeated to S.
template <shape S>
struct channel_broadcast {
    static constexpr std::string_view id = "channel_broadcast";
    static constexpr int rank = 3;
    static constexpr auto text_pattern = detail::shape_pattern<S>("channel_broadcast<", ", ", ">($0)");
    static constexpr auto latex_pattern =
        detail::shape_pattern<S>("\\operatorname{broadcast}^{C}_{", " \\times ", "}\\left($0\\right)");
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0};
    static constexpr op_properties properties{.param = detail::shape_param(S), .reverse_reads = {0, 0}};
    static constexpr cpp_code cpp{.value = "ctgrad_channels(0, $out, $0, $E, false);",
                                  .backward = {"ctgrad_channels(1, $dst, $adj, $E, true);"},
                                  .helpers = {detail::channel_cpp_helpers}};
    static constexpr shape result_shape(shape) { return S; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> b) {
        detail::each_channel_run(out.dims, [&](std::size_t c, std::size_t first, std::size_t pixels) {
            detail::add_to_each(out.data + first, false, b[c], pixels);
        });
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        detail::sum_channels(dst.data, accumulate, adj.data, adj.dims);
    }
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto&);
};

/// Each channel's sum over the samples and pixels: a vector of C.
struct channel_sum {
    static constexpr std::string_view id = "channel_sum";
    static constexpr int rank = 3;
    static constexpr print_format text{"channel_sum($0)", precedence::atom, 0};
    static constexpr print_format latex{"\\textstyle\\sum^{C}\\left($0\\right)", precedence::atom, 0};
    static constexpr op_properties properties{.reverse_reads = {0, 0}};
    static constexpr cpp_code cpp{.value = "ctgrad_channels(1, $out, $0, $E0, false);",
                                  .backward = {"ctgrad_channels(0, $dst, $adj, $E0, true);"},
                                  .helpers = {detail::channel_cpp_helpers}};
    static constexpr shape result_shape(shape a) { return {1, 1, a.tail[0]}; }
    template <class T> static constexpr void forward(tensor_out<T> out, tensor_in<T> a) {
        detail::sum_channels(out.data, false, a.data, a.dims);
    }
    template <std::size_t, class T>
    static constexpr void backward(tensor_out<T> dst, bool accumulate, tensor_in<T>, tensor_in<T>, tensor_in<T> adj) {
        detail::each_channel_run(dst.dims, [&](std::size_t c, std::size_t first, std::size_t pixels) {
            detail::add_to_each(dst.data + first, accumulate, adj[c], pixels);
        });
    }
    template <std::size_t> static constexpr auto vjp(const auto& self, const auto& adj, const auto& a) {
        constexpr shape sa = detail::shape_of<std::remove_cvref_t<decltype(a)>>{};
        const auto d = detail::full_adjoint<decltype(self)>(adj);
        return detail::make_node<node<channel_broadcast<sa>, std::remove_cvref_t<decltype(d)>>>(d);
    }
};

template <shape S>
template <std::size_t>
constexpr auto channel_broadcast<S>::vjp(const auto& self, const auto& adj, const auto&) {
    const auto d = detail::full_adjoint<decltype(self)>(adj);
    return detail::make_node<node<channel_sum, std::remove_cvref_t<decltype(d)>>>(d);
}
}  // namespace ops
}  // namespace ctgrad

namespace ctgrad::nn {
/// conv2d<Stride, Padding>(X, K, b): the convolution plus a bias b of one value per output
/// channel (a vector of O), as PyTorch's Conv2d.
template <std::size_t Stride = 1, std::size_t Padding = 0, expression X, expression K, expression B>
constexpr auto conv2d(const X& x, const K& k, const B& b) {
    const auto y = conv2d<Stride, Padding>(x, k);
    constexpr shape sy = detail::shape_of<std::remove_cvref_t<decltype(y)>>{}, sk = detail::shape_of<K>{}, sb = detail::shape_of<B>{};
    if constexpr (sy.rank != 4) return y;  // (reported by conv2d)
    else if constexpr (sb.rank != 1 || sb.batched() || sb.cols != sk.rows) {
        using call = ops::conv2d<Stride, Padding>;
        CTGRAD_REPORT_SHAPES(image_shapes_agree, image_shapes_disagree,
                             "ctgrad::nn::conv2d: the bias is a vector of one value per output channel (the kernel's "
                             "extent 0)",
                             call, detail::shape_diagnostic<sk>, detail::shape_diagnostic<sb>);
        return y;
    } else {
        return y + detail::make_node<node<ops::channel_broadcast<sy>, B>>(b);
    }
}
}  // namespace ctgrad::nn
