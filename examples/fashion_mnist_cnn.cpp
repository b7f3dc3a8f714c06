// Fashion-MNIST with a small convolutional network (examples/fashion_mnist_cnn.hpp: standardized
// images, two 5x5 convolutions with relu and 2x2 max-pooling, two dense layers, softmax
// cross-entropy), trained with Adam from a ctgrad workspace. Reads Debian's dataset-fashion-mnist.
//
//   fashion_mnist_cnn [--epochs N] [--batch N] [--lr X] [--seed N] [--train-limit N]
//                     [--test-limit N] [--data DIR] [--threads N (the workspace's; 0: one per core)]
//
// The images are var<"X", ctgrad::batch, 1, 28, 28>: one network type trains every batch size,
// the last partial batch, and evaluates the test set.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "fashion_mnist_cnn.hpp"
#include "training_loop.hpp"

namespace {
using fashion_mnist::dataset;

struct options : fashion_mnist::common_options {
    int batch = 64;
};

/// The network from the run's seed, then the examples' loop (training_loop.hpp).
int train(const options& o, const dataset& train_set, const dataset& test_set) {
    const auto Batch = std::size_t(o.batch);
    fashion_mnist::flush_denormals();  // as torch.set_flush_denormal(True): see fashion_mnist.hpp
    std::mt19937 rng(o.seed);  // the weights first, then each epoch's order
    fashion_mnist::ctgrad_cnn network(fashion_mnist::cnn_init(rng), Batch, o.lr, o.threads);
    std::printf("CNN standardize-conv5x5(16)-relu-maxpool2-conv5x5(32)-relu-maxpool2-dense(128)-relu-dense(10), batch %zu, Adam, %zu training and "
                "%zu test images, %zu thread(s)\n",
                Batch, train_set.size(), test_set.size(), o.threads);
    fashion_mnist::train_epochs(network, o.epochs, Batch, train_set, test_set, rng);
    return 0;
}

options parse(int argc, char** argv) {
    options o;
    fashion_mnist::parse_options(argc, argv, o, [&](const std::string& flag, const std::string& value) {
        if (flag == "--batch") o.batch = std::stoi(value);
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
        if (o.batch < 1) throw std::runtime_error("--batch: at least 1");
        return train(o, train_set, test_set);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fashion_mnist_cnn: %s\n", e.what());
        return 1;
    }
}
