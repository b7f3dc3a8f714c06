// bench/training/fashion_mnist.cpp - Fashion-MNIST trained from one seed in ctgrad (the examples'
// networks: the MLP of examples/fashion_mnist.hpp, or with --model cnn the convolutional network
// of examples/fashion_mnist_cnn.hpp, with Adam) and in LibTorch autograd with torch::optim, on the BLAS
// the process loaded (stated in the output): ctgrad and LibTorch on one thread, LibTorch on its
// default threads, then both on one thread per core. Same initial weights, same batch order, same
// optimizer (SGD, momentum 0.9, or Adam); time per epoch, loss and test accuracy side by side.
// Each run trains in a child process of its own, so that its peak memory (ru_maxrss from wait4)
// is its own.
//
//   bench_fashion_mnist [--model mlp|cnn] [--epochs N] [--optimizer sgd|adam] [--lr X] [--seed N]
//                       [--train-limit N] [--test-limit N] [--data DIR] [--flush-denormals on|off]
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <torch/torch.h>

#include "../../examples/fashion_mnist_cnn.hpp"
#include "../peer_settings.hpp"

namespace {
using namespace fashion_mnist;
constexpr std::size_t batch = 64, hidden = 128;
constexpr int max_epochs = 50;

struct options : common_options {
    bool flush_denormals = true;
    bool cnn = false;  // --model cnn: the convolutional network, trained with Adam
};

/// What a child process reports, in memory shared with the parent.
struct report {
    bool done = false;
    double first_loss = 0;  // the loss of the first batch, before any update
    double loss[max_epochs]{}, accuracy[max_epochs]{}, seconds[max_epochs]{};
    double workspace_mib = 0;  // ctgrad: its workspace, allocated once
    double peak_mib = 0;       // filled in by the parent
};

/// The same run for each system: weights, then each epoch's order, from one generator.
struct plan {
    parameters initial;
    cnn_parameters cnn_initial;
    std::vector<std::vector<std::size_t>> orders;
};
plan make_plan(const options& o, std::size_t train_size) {
    std::mt19937 rng(o.seed);
    plan p;
    if (o.cnn) p.cnn_initial = cnn_init(rng);
    else p.initial = linear_init(rng, hidden);
    std::vector<std::size_t> order(train_size);
    std::iota(order.begin(), order.end(), std::size_t(0));
    for (int e = 0; e < o.epochs; ++e) {
        std::shuffle(order.begin(), order.end(), rng);
        p.orders.push_back(order);
    }
    return p;
}

/// The epoch loop both systems share; `step(order)` returns a batch's loss.
template <class Step, class Accuracy>
void run_epochs(const plan& p, std::size_t train_size, report& r, Step&& step, Accuracy&& accuracy) {
    const std::size_t batches = train_size / batch;
    for (std::size_t e = 0; e < p.orders.size(); ++e) {
        const auto start = std::chrono::steady_clock::now();
        double total = 0;
        for (std::size_t k = 0; k < batches; ++k) {
            const double loss = step(p.orders[e].data() + k * batch);
            if (e == 0 && k == 0) r.first_loss = loss;
            total += loss;
        }
        r.seconds[e] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        r.loss[e] = total / double(std::max<std::size_t>(batches, 1));
        r.accuracy[e] = accuracy();
    }
}

void train_ctgrad(const options& o, const plan& p, const dataset& train_set, const dataset& test_set, report& r,
                  std::size_t threads) {
    if (o.flush_denormals) flush_denormals();
    if (o.cnn) {
        ctgrad_cnn network(p.cnn_initial, batch, o.lr, threads);
        r.workspace_mib = double(network.workspace_bytes()) / (1024.0 * 1024.0);
        run_epochs(
            p, train_set.size(), r, [&](const std::size_t* order) { return network.step(train_set, order, batch); },
            [&] { return network.accuracy(test_set); });
        return;
    }
    ctgrad_network<hidden> network(p.initial, batch, o.optimizer, o.lr, threads);
    r.workspace_mib = double(network.workspace_bytes()) / (1024.0 * 1024.0);
    run_epochs(
        p, train_set.size(), r, [&](const std::size_t* order) { return network.step(train_set, order, batch); },
        [&] { return network.accuracy(test_set); });
}

/// LibTorch's epochs: a step fills the batch, runs forward, backward() and the optimizer.
template <class Logits>
void libtorch_epochs(const plan& p, const dataset& train_set, const dataset& test_set, report& r,
                     torch::optim::Optimizer& optimizer, std::vector<float>& x, std::vector<float>& y, const torch::Tensor& Y,
                     Logits&& logits) {
    run_epochs(
        p, train_set.size(), r,
        [&](const std::size_t* order) {
            fill_batch(train_set, order, batch, batch, x.data(), y.data());
            optimizer.zero_grad();
            auto loss = -(Y * torch::log_softmax(logits(), 1)).sum(1).mean();
            loss.backward();
            optimizer.step();
            return loss.template item<double>();
        },
        [&] {
            torch::NoGradGuard no_grad;
            return accuracy(test_set, batch, x.data(), y.data(), [&](std::size_t) {  // the padded batch
                auto z = logits().contiguous();
                return [z](std::size_t i, std::size_t j) { return z.template data_ptr<float>()[i * classes + j]; };
            });
        });
}

/// The network as a LibTorch user writes it: addmm layers, log_softmax cross-entropy with the
/// one-hot labels the ctgrad network reads, backward(), torch::optim.
/// threads 0: LibTorch's default.
void train_libtorch(const options& o, const plan& p, const dataset& train_set, const dataset& test_set, report& r,
                    int threads) {
    if (threads > 0) torch::set_num_threads(threads);
    if (o.flush_denormals) flush_denormals();  // = torch::set_flush_denormal(true)
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    auto parameter = [&](const std::vector<float>& v, std::vector<std::int64_t> dims) {
        return torch::from_blob(const_cast<float*>(v.data()), dims, f32).clone().requires_grad_(true);
    };
    const auto H = std::int64_t(hidden), B = std::int64_t(batch), P = std::int64_t(pixels), C = std::int64_t(classes);
    torch::Tensor w1 = parameter(p.initial.w1, {H, P}), b1 = parameter(p.initial.b1, {H});
    torch::Tensor w2 = parameter(p.initial.w2, {C, H}), b2 = parameter(p.initial.b2, {C});
    std::vector<torch::Tensor> params{w1, b1, w2, b2};
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    if (o.optimizer == optimizer_kind::adam)
        optimizer = std::make_unique<torch::optim::Adam>(params, torch::optim::AdamOptions(o.lr > 0 ? o.lr : 1e-3));
    else
        optimizer = std::make_unique<torch::optim::SGD>(params, torch::optim::SGDOptions(o.lr > 0 ? o.lr : 0.05).momentum(0.9));
    std::vector<float> x(batch * pixels), y(batch * classes);
    const torch::Tensor X = torch::from_blob(x.data(), {B, P}, f32), Y = torch::from_blob(y.data(), {B, C}, f32);
    auto logits = [&] { return torch::addmm(b2, torch::relu(torch::addmm(b1, X, w1.t())), w2.t()); };
    libtorch_epochs(p, train_set, test_set, r, *optimizer, x, y, Y, logits);
}

/// The convolutional network as a LibTorch user writes it: the standardization, conv2d, relu,
/// max_pool2d, flatten, addmm, with Adam.
void train_libtorch_cnn(const options& o, const plan& p, const dataset& train_set, const dataset& test_set, report& r,
                        int threads) {
    if (threads > 0) torch::set_num_threads(threads);
    if (o.flush_denormals) flush_denormals();
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    auto parameter = [&](const std::vector<float>& v, std::vector<std::int64_t> dims) {
        return torch::from_blob(const_cast<float*>(v.data()), dims, f32).clone().requires_grad_(true);
    };
    const auto C1 = std::int64_t(cnn_channels1), C2 = std::int64_t(cnn_channels2), K = std::int64_t(cnn_kernel);
    const auto& w = p.cnn_initial;
    torch::Tensor k1 = parameter(w.k1, {C1, 1, K, K}), c1 = parameter(w.c1, {C1});
    torch::Tensor k2 = parameter(w.k2, {C2, C1, K, K}), c2 = parameter(w.c2, {C2});
    const auto F = std::int64_t(cnn_features), H = std::int64_t(cnn_hidden), C = std::int64_t(classes);
    torch::Tensor w3 = parameter(w.w3, {H, F}), b3 = parameter(w.b3, {H});
    torch::Tensor w4 = parameter(w.w4, {C, H}), b4 = parameter(w.b4, {C});
    torch::optim::Adam optimizer({k1, c1, k2, c2, w3, b3, w4, b4}, torch::optim::AdamOptions(o.lr > 0 ? o.lr : 1e-3));
    std::vector<float> x(batch * pixels), y(batch * classes);
    const torch::Tensor X = torch::from_blob(x.data(), {std::int64_t(batch), 1, 28, 28}, f32),
                        Y = torch::from_blob(y.data(), {std::int64_t(batch), std::int64_t(classes)}, f32);
    auto logits = [&] {
        auto x0 = (X - cnn_pixel_mean) * (1.0f / cnn_pixel_std);
        auto h1 = torch::max_pool2d(torch::relu(torch::conv2d(x0, k1, c1, 1, 2)), 2);
        auto h2 = torch::max_pool2d(torch::relu(torch::conv2d(h1, k2, c2, 1, 2)), 2);
        auto h3 = torch::relu(torch::addmm(b3, h2.flatten(1), w3.t()));
        return torch::addmm(b4, h3, w4.t());
    };
    libtorch_epochs(p, train_set, test_set, r, optimizer, x, y, Y, logits);
}
/// Runs `train` in a child process; its report and peak memory come back through `r`.
template <class Train>
void in_child(report& r, Train&& train) {
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        try {
            train();
            r.done = true;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bench_fashion_mnist: %s\n", e.what());
        }
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    r.peak_mib = double(usage.ru_maxrss) / 1024.0;
}

options parse(int argc, char** argv) {
    options o;
    parse_options(argc, argv, o, [&](const std::string& flag, const std::string& value) {
        if (flag == "--model" && (value == "mlp" || value == "cnn")) {
            o.cnn = value == "cnn";
            return true;
        }
        if (flag != "--flush-denormals" || (value != "on" && value != "off")) return false;
        o.flush_denormals = value == "on";
        return true;
    });
    if (o.epochs < 1 || o.epochs > max_epochs) throw std::runtime_error("--epochs: 1 to 50");
    if (o.cnn) o.optimizer = optimizer_kind::adam;
    return o;
}
}  // namespace

int main(int argc, char** argv) {
    bench::use_best_blas_kernels(argv);  // LibTorch (the BLAS) at its best settings
    try {
        const options o = parse(argc, argv);
        const dataset train_set = load(o.data, "train", o.train_limit);
        const dataset test_set = load(o.data, "t10k", o.test_limit);
        const plan p = make_plan(o, train_set.size());
        const std::string blas = bench::blas_description();
        const int default_threads = torch::get_num_threads();
        const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
        struct run {
            std::string label;
            bool libtorch;
            int threads;  // 0: LibTorch's default
        };
        std::vector<run> runs{{"ctgrad 1t", false, 1}, {"LibTorch 1t", true, 1}, {"LibTorch default", true, 0}};
        if (cores > 1) {
            runs.push_back({"ctgrad " + std::to_string(cores) + "t", false, cores});
            runs.push_back({"LibTorch " + std::to_string(cores) + "t", true, cores});
        }
        void* shared = mmap(nullptr, runs.size() * sizeof(report), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (shared == MAP_FAILED) throw std::runtime_error("mmap failed");
        report* reports = static_cast<report*>(shared);
        for (std::size_t k = 0; k < runs.size(); ++k) {
            report& r = *new (reports + k) report{};
            if (runs[k].libtorch && o.cnn) in_child(r, [&] { train_libtorch_cnn(o, p, train_set, test_set, r, runs[k].threads); });
            else if (runs[k].libtorch) in_child(r, [&] { train_libtorch(o, p, train_set, test_set, r, runs[k].threads); });
            else in_child(r, [&] { train_ctgrad(o, p, train_set, test_set, r, std::size_t(runs[k].threads)); });
            if (!r.done) throw std::runtime_error("a training run failed: " + runs[k].label);
        }

        const std::string network = o.cnn ? "CNN standardize-conv5x5(16)-relu-maxpool2-conv5x5(32)-relu-maxpool2-dense(128)-relu-dense(10)"
                                          : "784-" + std::to_string(hidden) + "-10 relu network";
        std::printf("Fashion-MNIST, %s, batch %zu, %s, seed %u, %zu training and %zu test images;\n"
                    "same initial weights and batch order in every run; 1t: one thread, %dt: one per core, LibTorch's\n"
                    "default: %d; LibTorch's BLAS: %s\n\n",
                    network.c_str(), batch, o.optimizer == optimizer_kind::adam ? "Adam" : "SGD with momentum 0.9", o.seed,
                    train_set.size(), test_set.size(), cores, default_threads, blas.c_str());
        // seconds per epoch, then loss and accuracy, one column per run
        std::string head = "| epoch |", rule = "|---|";
        for (const run& r : runs) head += " " + r.label + " s |", rule += "---|";
        for (const run& r : runs) head += " " + r.label + " loss |", rule += "---|";
        for (const run& r : runs) head += " " + r.label + " accuracy |", rule += "---|";
        std::printf("%s\n%s\n", head.c_str(), rule.c_str());
        std::vector<double> totals(runs.size(), 0.0);
        for (int e = 0; e < o.epochs; ++e) {
            std::printf("| %d |", e + 1);
            for (std::size_t k = 0; k < runs.size(); ++k) totals[k] += reports[k].seconds[e], std::printf(" %.2f |", reports[k].seconds[e]);
            for (std::size_t k = 0; k < runs.size(); ++k) std::printf(" %.4f |", reports[k].loss[e]);
            for (std::size_t k = 0; k < runs.size(); ++k) std::printf(" %.2f %% |", reports[k].accuracy[e]);
            std::printf("\n");
        }
        std::printf("\nper epoch:");
        for (std::size_t k = 0; k < runs.size(); ++k) std::printf(" %s %.2f s;", runs[k].label.c_str(), totals[k] / o.epochs);
        std::printf("\nLibTorch / ctgrad, one thread: %.2fx", totals[1] / totals[0]);
        if (cores > 1) std::printf("; one thread per core: %.2fx", totals[4] / totals[3]);
        const int last = o.epochs - 1;
        std::printf("\nfinal test accuracy:");
        for (std::size_t k = 0; k < runs.size(); ++k) std::printf(" %s %.2f %%;", runs[k].label.c_str(), reports[k].accuracy[last]);
        std::printf("\npeak memory (each process, with the data: %.1f MiB): ctgrad %.1f MiB (workspace %.2f MiB), LibTorch %.1f MiB\n",
                    double((train_set.images.size() + test_set.images.size()) * sizeof(float)) / (1024.0 * 1024.0),
                    reports[0].peak_mib, reports[0].workspace_mib, reports[1].peak_mib);
        // the same start: the first batch's loss (before any update) agrees in every run
        bool same_start = true;
        std::printf("first batch loss:");
        for (std::size_t k = 0; k < runs.size(); ++k) {
            same_start = same_start && std::abs(reports[k].first_loss - reports[0].first_loss) <= 1e-5 * std::abs(reports[0].first_loss);
            std::printf(" %s %.7f;", runs[k].label.c_str(), reports[k].first_loss);
        }
        std::printf(" %s\n", same_start ? "same start" : "DIFFERENT START");
        return same_start ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_fashion_mnist: %s\n", e.what());
        return 1;
    }
}
