// examples/fashion_mnist.hpp - Fashion-MNIST for the example and for bench_fashion_mnist (which
// trains the same network in LibTorch): Debian's dataset-fashion-mnist read with zlib, PyTorch's
// nn.Linear initialization, one seeded generator for weights and batch order, and the ctgrad
// network: a 784-H-10 relu MLP, softmax cross-entropy, mean over a batch of any size up to the
// one the workspace was made for, trained with a workspace and a torch.optim-style optimizer.
#pragma once
#include <zlib.h>
#if defined(__SSE3__)
#include <pmmintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <ctgrad/ctgrad.hpp>

namespace fashion_mnist {
inline constexpr std::size_t pixels = 784, classes = 10;
inline const std::string default_directory = "/usr/share/datasets/fashion-mnist";

enum class optimizer_kind { sgd, adam };

/// The options of the example and of bench_fashion_mnist alike.
struct common_options {
    int epochs = 5;
    optimizer_kind optimizer = optimizer_kind::sgd;
    double lr = -1;  // the optimizer's default
    unsigned seed = 1;
    std::size_t train_limit = 60000, test_limit = 10000;
    std::string data = default_directory;
    std::size_t threads = 1;  // the workspace's threads (0: one per core)
};

/// Calls option(flag, value) for each "--flag value" pair; an option the program's own
/// handler does not know goes to the common ones, else it is an error.
template <class Handler>
void parse_options(int argc, char** argv, common_options& o, Handler&& own) {
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::runtime_error(flag + ": a value is missing");
        const std::string value = argv[++i];
        if (own(flag, value)) continue;
        if (flag == "--epochs") o.epochs = std::stoi(value);
        else if (flag == "--optimizer" && (value == "sgd" || value == "adam"))
            o.optimizer = value == "adam" ? optimizer_kind::adam : optimizer_kind::sgd;
        else if (flag == "--lr") o.lr = std::stod(value);
        else if (flag == "--seed") o.seed = unsigned(std::stoul(value));
        else if (flag == "--train-limit") o.train_limit = std::stoul(value);
        else if (flag == "--test-limit") o.test_limit = std::stoul(value);
        else if (flag == "--data") o.data = value;
        else if (flag == "--threads") o.threads = std::stoul(value);
        else throw std::runtime_error("unknown option or value: " + flag + " " + value);
    }
}

/// Denormal floats as zeros, in this thread (what torch.set_flush_denormal(True) does): as
/// training goes on, momentum and Adam's moments of rarely lit pixels decay into the denormal
/// range, where x86 arithmetic is tens of times slower; the values lost are below 1e-38.
inline bool flush_denormals() {
#if defined(__SSE3__)
    _MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_ON);
    _MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_ON);
    return true;
#else
    return false;
#endif
}

/// A gzipped IDX file's bytes after its header; the header's dimensions go to `dims`.
inline std::vector<unsigned char> read_idx(const std::string& path, std::vector<std::uint32_t>& dims) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr)
        throw std::runtime_error("cannot open " + path +
                                 ": install Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist), "
                                 "or pass --data DIR");
    auto read_exactly = [&](void* out, unsigned n) {
        if (gzread(file, out, n) != int(n)) {
            gzclose(file);
            throw std::runtime_error(path + ": truncated IDX file");
        }
    };
    unsigned char magic[4];
    read_exactly(magic, 4);
    dims.assign(magic[3], 0);
    std::size_t total = 1;
    for (auto& d : dims) {
        unsigned char b[4];
        read_exactly(b, 4);
        d = std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 | b[3];
        total *= d;
    }
    std::vector<unsigned char> bytes(total);
    for (std::size_t done = 0; done < total;) {
        const unsigned chunk = unsigned(std::min<std::size_t>(total - done, 1u << 30));
        read_exactly(bytes.data() + done, chunk);
        done += chunk;
    }
    gzclose(file);
    return bytes;
}

struct dataset {
    std::vector<float> images;  // n x 784, in [0, 1]
    std::vector<unsigned char> labels;
    std::size_t size() const { return labels.size(); }
};

/// "train" or "t10k", at most `limit` images.
inline dataset load(const std::string& directory, const std::string& prefix, std::size_t limit) {
    std::vector<std::uint32_t> image_dims, label_dims;
    auto bytes = read_idx(directory + "/" + prefix + "-images-idx3-ubyte.gz", image_dims);
    auto labels = read_idx(directory + "/" + prefix + "-labels-idx1-ubyte.gz", label_dims);
    if (image_dims.size() != 3 || image_dims[1] * image_dims[2] != pixels || label_dims.size() != 1 ||
        label_dims[0] != image_dims[0])
        throw std::runtime_error(prefix + ": unexpected IDX dimensions");
    const std::size_t n = std::min<std::size_t>(limit, label_dims[0]);
    dataset d;
    d.images.resize(n * pixels);
    for (std::size_t k = 0; k < n * pixels; ++k) d.images[k] = float(bytes[k]) / 255.0f;
    d.labels.assign(labels.begin(), labels.begin() + std::ptrdiff_t(n));
    return d;
}

/// A 784-H-10 network's parameters, row-major: W1 H x 784, b1 H, W2 10 x H, b2 10.
struct parameters {
    std::vector<float> w1, b1, w2, b2;
};

/// PyTorch's nn.Linear initialization: uniform in +-1/sqrt(fan_in), weights and biases. The run's
/// one generator draws these first, then each epoch's shuffle.
inline parameters linear_init(std::mt19937& rng, std::size_t hidden) {
    parameters p{std::vector<float>(hidden * pixels), std::vector<float>(hidden), std::vector<float>(classes * hidden),
                 std::vector<float>(classes)};
    auto uniform = [&](std::vector<float>& v, std::size_t fan_in) {
        std::uniform_real_distribution<float> u(-1.0f / std::sqrt(float(fan_in)), 1.0f / std::sqrt(float(fan_in)));
        for (float& x : v) x = u(rng);
    };
    uniform(p.w1, pixels), uniform(p.b1, pixels), uniform(p.w2, hidden), uniform(p.b2, hidden);
    return p;
}

/// The images order[0..count) into the rows of x (batch x 784), their one-hot labels into y
/// (batch x 10); rows past count (a last, partial test batch) are zeros.
inline void fill_batch(const dataset& d, const std::size_t* order, std::size_t count, std::size_t batch, float* x, float* y) {
    std::fill_n(y, batch * classes, 0.0f);
    for (std::size_t i = 0; i < batch; ++i) {
        float* row = x + i * pixels;
        if (i < count) {
            std::copy_n(d.images.data() + order[i] * pixels, pixels, row);
            y[i * classes + d.labels[order[i]]] = 1.0f;
        } else {
            std::fill_n(row, pixels, 0.0f);
        }
    }
}

/// Test accuracy in percent, in batches of `batch` rows (x, y hold that many; past a last,
/// partial batch's `count` rows they are zeros): `logits(count)` returns something indexable
/// as (i, j) for the batch's rows.
template <class Logits>
double accuracy(const dataset& test_set, std::size_t batch, float* x, float* y, Logits&& logits) {
    std::vector<std::size_t> order(test_set.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::size_t correct = 0;
    for (std::size_t start = 0; start < order.size(); start += batch) {
        const std::size_t count = std::min<std::size_t>(batch, order.size() - start);
        fill_batch(test_set, order.data() + start, count, batch, x, y);
        const auto z = logits(count);
        for (std::size_t i = 0; i < count; ++i) {
            std::size_t best = 0;
            for (std::size_t j = 1; j < classes; ++j)
                if (z(i, j) > z(i, best)) best = j;
            correct += best == test_set.labels[order[start + i]];
        }
    }
    return 100.0 * double(correct) / double(std::max<std::size_t>(order.size(), 1));
}


/// The network in ctgrad: one type per width. The batch is the run-time batch
/// (var<"X", ctgrad::batch, 784>), so one type trains with any batch size, a last partial batch
/// and evaluation alike. step() fills the batch storage, runs the workspace (allocated once for
/// max_batch rows) and updates the parameters in place; nothing is allocated per step.
template <std::size_t Hidden>
class ctgrad_network {
    static constexpr ctgrad::var<"X", ctgrad::batch, pixels> X{};
    static constexpr ctgrad::var<"Y", ctgrad::batch, classes> Y{};
    static constexpr ctgrad::var<"W1", Hidden, pixels> W1{};
    static constexpr ctgrad::var<"b1", Hidden> b1{};
    static constexpr ctgrad::var<"W2", classes, Hidden> W2{};
    static constexpr ctgrad::var<"b2", classes> b2{};
    static constexpr auto a1 = ctgrad::named<"a1">(ctgrad::relu(ctgrad::matmul(X, ctgrad::transpose(W1)) + b1));
    static constexpr auto z2 = ctgrad::named<"z2">(ctgrad::matmul(a1, ctgrad::transpose(W2)) + b2);
    static constexpr auto loss = ctgrad::mean(ctgrad::nn::softmax_cross_entropy(z2, Y));

    /// The point of the first `rows` rows of the batch storage: binds, copies nothing.
    auto point(std::size_t rows) {
        return ctgrad::at(X = std::span<const float>(x_.data(), rows * pixels), Y = std::span<const float>(y_.data(), rows * classes),
                          W1 = w_.w1, b1 = w_.b1, W2 = w_.w2, b2 = w_.b2);
    }
    static auto params(parameters& w) {
        return std::tuple{ctgrad::optim::param(W1, w.w1), ctgrad::optim::param(b1, w.b1), ctgrad::optim::param(W2, w.w2),
                          ctgrad::optim::param(b2, w.b2)};
    }
    static auto make_sgd(parameters& w, double lr) {
        return std::apply([&](auto... ps) { return ctgrad::optim::sgd(ctgrad::optim::sgd_options{.lr = lr, .momentum = 0.9}, ps...); },
                          params(w));
    }
    static auto make_adam(parameters& w, double lr) {
        return std::apply([&](auto... ps) { return ctgrad::optim::adam(ctgrad::optim::adam_options{.lr = lr}, ps...); }, params(w));
    }

public:
    /// Batches of 1 to max_batch rows; lr <= 0: the optimizer's default (SGD 0.05 with
    /// momentum 0.9, Adam 1e-3); threads: the workspace's (0: one per core).
    ctgrad_network(parameters initial, std::size_t max_batch, optimizer_kind kind, double lr, std::size_t threads = 1)
        : w_(std::move(initial)),
          max_batch_(max_batch),
          x_(max_batch * pixels),
          y_(max_batch * classes),
          ws_(ctgrad::make_workspace<float>(loss, ctgrad::wrt(W1, b1, W2, b2), max_batch, {.threads = threads})),
          kind_(kind),
          sgd_(make_sgd(w_, lr > 0 ? lr : 0.05)),
          adam_(make_adam(w_, lr > 0 ? lr : 1e-3)) {}
    ctgrad_network(const ctgrad_network&) = delete;  // the optimizers point into w_
    ctgrad_network& operator=(const ctgrad_network&) = delete;

    /// One training step on the images order[0..rows) (at most max_batch); returns their loss.
    double step(const dataset& train_set, const std::size_t* order, std::size_t rows) {
        fill_batch(train_set, order, rows, rows, x_.data(), y_.data());
        const double value = ws_.value_and_grad(point(rows));
        if (kind_ == optimizer_kind::adam) adam_.step(ws_);
        else sgd_.step(ws_);
        return value;
    }
    /// Test accuracy, in batches of max_batch and a last partial one.
    double accuracy(const dataset& test_set) {
        return fashion_mnist::accuracy(test_set, max_batch_, x_.data(), y_.data(),
                                       [&](std::size_t rows) { return ctgrad::eval(z2, point(rows)); });
    }
    /// Bytes the workspace holds (values, GEMM scratch, adjoints, threads' scratch), allocated once.
    std::size_t workspace_bytes() const { return ws_.bytes_allocated(); }

private:
    parameters w_;
    std::size_t max_batch_;
    std::vector<float> x_, y_;
    decltype(ctgrad::make_workspace<float>(loss, ctgrad::wrt(W1, b1, W2, b2), 1)) ws_;
    optimizer_kind kind_;
    decltype(make_sgd(w_, 0.05)) sgd_;
    decltype(make_adam(w_, 1e-3)) adam_;
};
}  // namespace fashion_mnist
