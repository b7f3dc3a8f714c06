// Fashion-MNIST with a 784-H-10 network (relu hidden layer, softmax cross-entropy, mean over a
// batch), trained with ctgrad's workspace and torch.optim-style optimizers. Reads Debian's
// dataset-fashion-mnist (gzipped IDX files under /usr/share/datasets/fashion-mnist/).
//
//   fashion_mnist [--epochs N] [--batch 32|64|128|256] [--hidden 64|128|256] [--lr X]
//                 [--optimizer sgd|adam] [--seed N] [--train-limit N] [--test-limit N] [--data DIR]
//
// Shapes are static: each (batch, hidden) pair is its own network type, compiled in below.
#include <zlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

namespace {
struct options {
    int epochs = 5;
    int batch = 64;
    int hidden = 128;
    double lr = -1;  // the optimizer's default
    std::string optimizer = "sgd";
    unsigned seed = 1;
    std::size_t train_limit = 60000;
    std::size_t test_limit = 10000;
    std::string data = "/usr/share/datasets/fashion-mnist";
};

/// A gzipped IDX file's bytes after its header; the header's dimensions go to `dims`.
std::vector<unsigned char> read_idx(const std::string& path, std::vector<std::uint32_t>& dims) {
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

dataset load(const options& o, const std::string& prefix, std::size_t limit) {
    std::vector<std::uint32_t> image_dims, label_dims;
    auto pixels = read_idx(o.data + "/" + prefix + "-images-idx3-ubyte.gz", image_dims);
    auto labels = read_idx(o.data + "/" + prefix + "-labels-idx1-ubyte.gz", label_dims);
    if (image_dims.size() != 3 || image_dims[1] * image_dims[2] != 784 || label_dims.size() != 1 ||
        label_dims[0] != image_dims[0])
        throw std::runtime_error(prefix + ": unexpected IDX dimensions");
    const std::size_t n = std::min<std::size_t>(limit, label_dims[0]);
    dataset d;
    d.images.resize(n * 784);
    for (std::size_t k = 0; k < n * 784; ++k) d.images[k] = float(pixels[k]) / 255.0f;
    d.labels.assign(labels.begin(), labels.begin() + std::ptrdiff_t(n));
    return d;
}

/// One network type per (batch, hidden): the expression, its workspace and the loop.
template <std::size_t Batch, std::size_t Hidden>
int train(const options& o, const dataset& train_set, const dataset& test_set) {
    constexpr var<"X", Batch, 784> X;
    constexpr var<"Y", Batch, 10> Y;
    constexpr var<"W1", Hidden, 784> W1;
    constexpr var<"b1", Hidden> b1;
    constexpr var<"W2", 10, Hidden> W2;
    constexpr var<"b2", 10> b2;
    constexpr auto a1 = named<"a1">(relu(matmul(X, transpose(W1)) + b1));
    constexpr auto z2 = named<"z2">(matmul(a1, transpose(W2)) + b2);
    constexpr auto loss = mean(nn::softmax_cross_entropy(z2, Y));

    // PyTorch's nn.Linear initialization: uniform in +-1/sqrt(fan_in), weights and biases
    std::mt19937 rng(o.seed);
    auto uniform = [&](std::vector<float>& v, std::size_t fan_in) {
        std::uniform_real_distribution<float> u(-1.0f / std::sqrt(float(fan_in)), 1.0f / std::sqrt(float(fan_in)));
        for (float& x : v) x = u(rng);
    };
    std::vector<float> w1(Hidden * 784), bias1(Hidden), w2(10 * Hidden), bias2(10);
    uniform(w1, 784), uniform(bias1, 784), uniform(w2, Hidden), uniform(bias2, Hidden);
    std::vector<float> x(Batch * 784), y(Batch * 10);
    const auto p = at(X = x, Y = y, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2);  // binds: refilled in place

    auto ws = make_workspace<float>(loss, wrt(W1, b1, W2, b2));
    auto params = [&] { return std::tuple{optim::param(W1, w1), optim::param(b1, bias1), optim::param(W2, w2), optim::param(b2, bias2)}; };
    const bool adam = o.optimizer == "adam";
    auto sgd_opt = std::apply([&](auto... ps) { return optim::sgd(optim::sgd_options{.lr = o.lr > 0 ? o.lr : 0.05, .momentum = 0.9}, ps...); }, params());
    auto adam_opt = std::apply([&](auto... ps) { return optim::adam(optim::adam_options{.lr = o.lr > 0 ? o.lr : 1e-3}, ps...); }, params());

    auto fill_batch = [&](const dataset& d, const std::size_t* order, std::size_t count) {
        std::fill(y.begin(), y.end(), 0.0f);
        for (std::size_t i = 0; i < Batch; ++i) {
            float* row = x.data() + i * 784;
            if (i < count) {
                std::copy_n(d.images.data() + order[i] * 784, 784, row);
                y[i * 10 + d.labels[order[i]]] = 1.0f;
            } else {
                std::fill_n(row, 784, 0.0f);  // padding of a last, partial test batch
            }
        }
    };
    auto accuracy = [&] {
        std::vector<std::size_t> order(test_set.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::size_t correct = 0;
        for (std::size_t start = 0; start < order.size(); start += Batch) {
            const std::size_t count = std::min<std::size_t>(Batch, order.size() - start);
            fill_batch(test_set, order.data() + start, count);
            const auto logits = eval(z2, p);
            for (std::size_t i = 0; i < count; ++i) {
                std::size_t best = 0;
                for (std::size_t j = 1; j < 10; ++j)
                    if (logits(i, j) > logits(i, best)) best = j;
                correct += best == test_set.labels[order[start + i]];
            }
        }
        return 100.0 * double(correct) / double(order.size());
    };

    const bool terminal = isatty(STDOUT_FILENO);
    std::vector<std::size_t> order(train_set.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    const std::size_t batches = train_set.size() / Batch;  // a last partial batch is dropped
    std::printf("%zu-%zu-10 network, batch %zu, %s, %zu training and %zu test images\n", std::size_t(784), Hidden, Batch,
                adam ? "Adam" : "SGD with momentum 0.9", train_set.size(), test_set.size());
    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        const auto start = std::chrono::steady_clock::now();
        double total = 0;
        for (std::size_t k = 0; k < batches; ++k) {
            fill_batch(train_set, order.data() + k * Batch, Batch);
            total += ws.value_and_grad(p);
            if (adam) adam_opt.step(ws);
            else sgd_opt.step(ws);
            if (terminal && (k % 20 == 19 || k + 1 == batches)) {
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                const int filled = int(30 * (k + 1) / batches);
                std::printf("\repoch %d [%s%s] %zu/%zu loss %.4f %.0f examples/s", epoch, std::string(std::size_t(filled), '#').c_str(),
                            std::string(std::size_t(30 - filled), ' ').c_str(), k + 1, batches, total / double(k + 1),
                            double((k + 1) * Batch) / seconds);
                std::fflush(stdout);
            }
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (terminal) std::printf("\n");
        std::printf("epoch %d: loss %.4f, test accuracy %.2f %%, %.2f s (%.0f examples/s)\n", epoch,
                    total / double(batches == 0 ? 1 : batches), accuracy(), seconds, double(batches * Batch) / seconds);
    }
    return 0;
}

template <std::size_t Batch>
int with_hidden(const options& o, const dataset& train_set, const dataset& test_set) {
    switch (o.hidden) {
        case 64: return train<Batch, 64>(o, train_set, test_set);
        case 128: return train<Batch, 128>(o, train_set, test_set);
        case 256: return train<Batch, 256>(o, train_set, test_set);
        default: throw std::runtime_error("--hidden: 64, 128 or 256 (each is a network type compiled in)");
    }
}

options parse(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::runtime_error(flag + ": a value is missing");
        const std::string value = argv[++i];
        if (flag == "--epochs") o.epochs = std::stoi(value);
        else if (flag == "--batch") o.batch = std::stoi(value);
        else if (flag == "--hidden") o.hidden = std::stoi(value);
        else if (flag == "--lr") o.lr = std::stod(value);
        else if (flag == "--optimizer") o.optimizer = value;
        else if (flag == "--seed") o.seed = unsigned(std::stoul(value));
        else if (flag == "--train-limit") o.train_limit = std::stoul(value);
        else if (flag == "--test-limit") o.test_limit = std::stoul(value);
        else if (flag == "--data") o.data = value;
        else throw std::runtime_error("unknown option " + flag);
    }
    if (o.optimizer != "sgd" && o.optimizer != "adam") throw std::runtime_error("--optimizer: sgd or adam");
    return o;
}
}  // namespace

int main(int argc, char** argv) {
    try {
        const options o = parse(argc, argv);
        const dataset train_set = load(o, "train", o.train_limit);
        const dataset test_set = load(o, "t10k", o.test_limit);
        switch (o.batch) {
            case 32: return with_hidden<32>(o, train_set, test_set);
            case 64: return with_hidden<64>(o, train_set, test_set);
            case 128: return with_hidden<128>(o, train_set, test_set);
            case 256: return with_hidden<256>(o, train_set, test_set);
            default: throw std::runtime_error("--batch: 32, 64, 128 or 256 (each is a network type compiled in)");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fashion_mnist: %s\n", e.what());
        return 1;
    }
}
