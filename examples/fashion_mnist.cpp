// Fashion-MNIST with a 784-H-10 network (relu hidden layer, softmax cross-entropy, mean over a
// batch), trained with ctgrad's workspace and torch.optim-style optimizers. Reads Debian's
// dataset-fashion-mnist (gzipped IDX files under /usr/share/datasets/fashion-mnist/).
//
//   fashion_mnist [--epochs N] [--batch N] [--hidden 64|128|256] [--lr X]
//                 [--optimizer sgd|adam] [--seed N] [--train-limit N] [--test-limit N] [--data DIR]
//                 [--threads N (the workspace's; 0: one per core)]
//
// Every extent but the batch is static: each width is its own network type, compiled in below;
// the batch is the run-time batch (var<"X", ctgrad::batch, 784>), so any --batch works with one
// type, and a last partial batch is trained, not dropped. The data, the initialization and the
// network are in fashion_mnist.hpp, which bench_fashion_mnist shares to train the same network
// in LibTorch.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "training_loop.hpp"

namespace {
using fashion_mnist::dataset;

struct options : fashion_mnist::common_options {
    int batch = 64;
    int hidden = 128;
};

/// One network type per width, then the examples' loop (training_loop.hpp).
template <std::size_t Hidden>
int train(const options& o, const dataset& train_set, const dataset& test_set) {
    const auto Batch = std::size_t(o.batch);
    fashion_mnist::flush_denormals();  // as torch.set_flush_denormal(True): see fashion_mnist.hpp
    std::mt19937 rng(o.seed);  // the weights first, then each epoch's order
    const bool adam = o.optimizer == fashion_mnist::optimizer_kind::adam;
    fashion_mnist::ctgrad_network<Hidden> network(fashion_mnist::linear_init(rng, Hidden), Batch, o.optimizer, o.lr, o.threads);
    std::printf("%zu-%zu-10 network, batch %zu, %s, %zu training and %zu test images\n", fashion_mnist::pixels, Hidden, Batch,
                adam ? "Adam" : "SGD with momentum 0.9", train_set.size(), test_set.size());
    fashion_mnist::train_epochs(network, o.epochs, Batch, train_set, test_set, rng);
    return 0;
}

int with_hidden(const options& o, const dataset& train_set, const dataset& test_set) {
    if (o.batch < 1) throw std::runtime_error("--batch: at least 1");
    switch (o.hidden) {
        case 64: return train<64>(o, train_set, test_set);
        case 128: return train<128>(o, train_set, test_set);
        case 256: return train<256>(o, train_set, test_set);
        default: throw std::runtime_error("--hidden: 64, 128 or 256 (each is a network type compiled in)");
    }
}

options parse(int argc, char** argv) {
    options o;
    fashion_mnist::parse_options(argc, argv, o, [&](const std::string& flag, const std::string& value) {
        if (flag == "--batch") o.batch = std::stoi(value);
        else if (flag == "--hidden") o.hidden = std::stoi(value);
        else return false;
        return true;
    });
    return o;
}
}  // namespace

int main(int argc, char** argv) {
    try {
        const options o = parse(argc, argv);
        const dataset train_set = fashion_mnist::load(o.data, "train", o.train_limit);
        const dataset test_set = fashion_mnist::load(o.data, "t10k", o.test_limit);
        return with_hidden(o, train_set, test_set);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fashion_mnist: %s\n", e.what());
        return 1;
    }
}
