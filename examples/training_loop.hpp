// examples/training_loop.hpp - the examples' epoch loop: shuffle, train in batches (the last one
// may be partial), a progress bar on a terminal, the loss and test accuracy per epoch, the
// peak memory at the end. A network provides step(set, order, rows), accuracy(set) and
// workspace_bytes().
#pragma once
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "fashion_mnist.hpp"

namespace fashion_mnist {
template <class Network>
void train_epochs(Network& network, int epochs, std::size_t batch, const dataset& train_set, const dataset& test_set,
                  std::mt19937& rng) {
    const bool terminal = isatty(STDOUT_FILENO);
    std::vector<std::size_t> order(train_set.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    const std::size_t batches = (train_set.size() + batch - 1) / batch;  // the last one may be partial
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        const auto start = std::chrono::steady_clock::now();
        double total = 0;
        for (std::size_t k = 0; k < batches; ++k) {
            const std::size_t rows = std::min(batch, train_set.size() - k * batch);
            total += network.step(train_set, order.data() + k * batch, rows);
            if (terminal && (k % 20 == 19 || k + 1 == batches)) {
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                const int filled = int(30 * (k + 1) / batches);
                std::printf("\repoch %d [%s%s] %zu/%zu loss %.4f %.0f examples/s", epoch, std::string(std::size_t(filled), '#').c_str(),
                            std::string(std::size_t(30 - filled), ' ').c_str(), k + 1, batches, total / double(k + 1),
                            double(std::min((k + 1) * batch, train_set.size())) / seconds);
                std::fflush(stdout);
            }
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (terminal) std::printf("\n");
        std::printf("epoch %d: loss %.4f, test accuracy %.2f %%, %.2f s (%.0f examples/s)\n", epoch,
                    total / double(batches == 0 ? 1 : batches), network.accuracy(test_set), seconds,
                    double(train_set.size()) / seconds);
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak memory %.1f MiB (the data %.1f MiB; the workspace %.2f MiB, allocated once)\n",
                double(usage.ru_maxrss) / 1024.0,
                double((train_set.images.size() + test_set.images.size()) * sizeof(float)) / (1024.0 * 1024.0),
                double(network.workspace_bytes()) / (1024.0 * 1024.0));
}
}  // namespace fashion_mnist
