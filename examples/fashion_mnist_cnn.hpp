// examples/fashion_mnist_cnn.hpp - a LeNet-style convolutional network for Fashion-MNIST in
// ctgrad: the images standardized (the training set's mean 0.2860 and standard deviation
// 0.3530, as torchvision's Normalize), conv 1->16 5x5 pad 2, relu, max-pool 2, conv 16->32 5x5
// pad 2, relu, max-pool 2, dense 1568->128, relu, dense 128->10, softmax cross-entropy, mean
// over a batch of any size up to the workspace's (the images are var<"X", ctgrad::batch, 1, 28,
// 28>), trained with Adam. PyTorch's default initialization (uniform in +-1/sqrt(fan_in)), drawn
// from the run's one generator.
#pragma once
#include <span>
#include <tuple>

#include "fashion_mnist.hpp"

namespace fashion_mnist {
/// The CNN's parameters, row-major: K1 16 x 1 x 5 x 5, c1 16, K2 32 x 16 x 5 x 5, c2 32,
/// W3 128 x 1568, b3 128, W4 10 x 128, b4 10.
struct cnn_parameters {
    std::vector<float> k1, c1, k2, c2, w3, b3, w4, b4;
};
inline constexpr std::size_t cnn_channels1 = 16, cnn_channels2 = 32, cnn_kernel = 5, cnn_features = cnn_channels2 * 7 * 7,
                             cnn_hidden = 128;
/// The training images' mean and standard deviation (of pixels scaled to [0, 1]).
inline constexpr float cnn_pixel_mean = 0.2860f, cnn_pixel_std = 0.3530f;

inline cnn_parameters cnn_init(std::mt19937& rng) {
    cnn_parameters p{std::vector<float>(cnn_channels1 * cnn_kernel * cnn_kernel), std::vector<float>(cnn_channels1),
                     std::vector<float>(cnn_channels2 * cnn_channels1 * cnn_kernel * cnn_kernel), std::vector<float>(cnn_channels2),
                     std::vector<float>(cnn_hidden * cnn_features), std::vector<float>(cnn_hidden),
                     std::vector<float>(classes * cnn_hidden), std::vector<float>(classes)};
    auto uniform = [&](std::vector<float>& v, std::size_t fan_in) {
        std::uniform_real_distribution<float> u(-1.0f / std::sqrt(float(fan_in)), 1.0f / std::sqrt(float(fan_in)));
        for (float& x : v) x = u(rng);
    };
    uniform(p.k1, cnn_kernel * cnn_kernel), uniform(p.c1, cnn_kernel * cnn_kernel);
    uniform(p.k2, cnn_channels1 * cnn_kernel * cnn_kernel), uniform(p.c2, cnn_channels1 * cnn_kernel * cnn_kernel);
    uniform(p.w3, cnn_features), uniform(p.b3, cnn_features);
    uniform(p.w4, cnn_hidden), uniform(p.b4, cnn_hidden);
    return p;
}

/// The network's variables and expressions.
namespace cnn {
inline constexpr ctgrad::var<"X", ctgrad::batch, 1, 28, 28> X{};
inline constexpr ctgrad::var<"Y", ctgrad::batch, classes> Y{};
inline constexpr ctgrad::var<"K1", cnn_channels1, 1, cnn_kernel, cnn_kernel> K1{};
inline constexpr ctgrad::var<"c1", cnn_channels1> c1{};
inline constexpr ctgrad::var<"K2", cnn_channels2, cnn_channels1, cnn_kernel, cnn_kernel> K2{};
inline constexpr ctgrad::var<"c2", cnn_channels2> c2{};
inline constexpr ctgrad::var<"W3", cnn_hidden, cnn_features> W3{};
inline constexpr ctgrad::var<"b3", cnn_hidden> b3{};
inline constexpr ctgrad::var<"W4", classes, cnn_hidden> W4{};
inline constexpr ctgrad::var<"b4", classes> b4{};
inline constexpr auto x0 = (X - cnn_pixel_mean) * (1.0f / cnn_pixel_std);
inline constexpr auto h1 = ctgrad::nn::max_pool2d<2>(ctgrad::relu(ctgrad::nn::conv2d<1, 2>(x0, K1, c1)));
inline constexpr auto h2 = ctgrad::nn::max_pool2d<2>(ctgrad::relu(ctgrad::nn::conv2d<1, 2>(h1, K2, c2)));
inline constexpr auto h3 = ctgrad::relu(ctgrad::matmul(ctgrad::flatten(h2), ctgrad::transpose(W3)) + b3);
inline constexpr auto z4 = ctgrad::named<"z4">(ctgrad::matmul(h3, ctgrad::transpose(W4)) + b4);
inline constexpr auto loss = ctgrad::mean(ctgrad::nn::softmax_cross_entropy(z4, Y));
inline constexpr auto parameters = ctgrad::wrt(K1, c1, K2, c2, W3, b3, W4, b4);

inline auto make_adam(cnn_parameters& w, double lr) {
    using ctgrad::optim::param;
    return ctgrad::optim::adam(ctgrad::optim::adam_options{.lr = lr}, param(K1, w.k1), param(c1, w.c1), param(K2, w.k2),
                               param(c2, w.c2), param(W3, w.w3), param(b3, w.b3), param(W4, w.w4), param(b4, w.b4));
}
}  // namespace cnn

/// The network: one type for every batch size. step() fills the batch storage, runs the
/// workspace (allocated once for max_batch images) and lets Adam update the parameters in place.
class ctgrad_cnn {
    auto point(std::size_t rows) {
        using namespace cnn;
        return ctgrad::at(X = std::span<const float>(x_.data(), rows * pixels), Y = std::span<const float>(y_.data(), rows * classes),
                          K1 = w_.k1, c1 = w_.c1, K2 = w_.k2, c2 = w_.c2, W3 = w_.w3, b3 = w_.b3, W4 = w_.w4, b4 = w_.b4);
    }

public:
    /// Batches of 1 to max_batch images; lr <= 0: Adam's default 1e-3; threads: the
    /// workspace's (0: one per core).
    ctgrad_cnn(cnn_parameters initial, std::size_t max_batch, double lr, std::size_t threads = 1)
        : w_(std::move(initial)),
          max_batch_(max_batch),
          x_(max_batch * pixels),
          y_(max_batch * classes),
          ws_(ctgrad::make_workspace<float>(cnn::loss, cnn::parameters, max_batch, {.threads = threads})),
          adam_(cnn::make_adam(w_, lr > 0 ? lr : 1e-3)) {}
    ctgrad_cnn(const ctgrad_cnn&) = delete;  // the optimizer points into w_
    ctgrad_cnn& operator=(const ctgrad_cnn&) = delete;

    /// One training step on the images order[0..rows) (at most max_batch); returns their loss.
    double step(const dataset& train_set, const std::size_t* order, std::size_t rows) {
        fill_batch(train_set, order, rows, rows, x_.data(), y_.data());
        const double value = ws_.value_and_grad(point(rows));
        adam_.step(ws_);
        return value;
    }
    /// Test accuracy, in batches of max_batch and a last partial one.
    double accuracy(const dataset& test_set) {
        return fashion_mnist::accuracy(test_set, max_batch_, x_.data(), y_.data(),
                                       [&](std::size_t rows) { return ctgrad::eval(cnn::z4, point(rows)); });
    }
    std::size_t workspace_bytes() const { return ws_.bytes_allocated(); }
    const cnn_parameters& weights() const { return w_; }

private:
    cnn_parameters w_;
    std::size_t max_batch_;
    std::vector<float> x_, y_;
    decltype(ctgrad::make_workspace<float>(cnn::loss, cnn::parameters, 1)) ws_;
    decltype(cnn::make_adam(std::declval<cnn_parameters&>(), 1e-3)) adam_;
};
}  // namespace fashion_mnist
