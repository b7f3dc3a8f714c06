// bench/training/ctgrad_system.hpp - the training step in ctgrad: one workspace per case and
// thread count, the data bound once (a training loop refills the bound storage), value_and_grad
// per iteration.
#pragma once
#include <algorithm>
#include <memory>
#include <string>
#include <thread>

#include <ctgrad/ctgrad.hpp>

#include "training.hpp"

namespace training {
template <class Case>
struct ctgrad_network {
    using T = typename Case::value_type;
    static constexpr ctgrad::var<"X", Case::batch, Case::in> X{};
    static constexpr ctgrad::var<"Y", Case::batch, Case::out> Y{};
    static constexpr ctgrad::var<"W1", Case::hidden, Case::in> W1{};
    static constexpr ctgrad::var<"b1", Case::hidden> b1{};
    static constexpr ctgrad::var<"W2", Case::out, Case::hidden> W2{};
    static constexpr ctgrad::var<"b2", Case::out> b2{};
    static constexpr auto a1 = ctgrad::named<"a1">(ctgrad::sigmoid(ctgrad::matmul(X, ctgrad::transpose(W1)) + b1));
    static constexpr auto z2 = ctgrad::named<"z2">(ctgrad::matmul(a1, ctgrad::transpose(W2)) + b2);
    static constexpr auto loss = [] {
        if constexpr (Case::loss == loss_kind::mse) return ctgrad::mean(ctgrad::nn::mse(z2, Y));
        else return ctgrad::mean(ctgrad::nn::softmax_cross_entropy(z2, Y));
    }();

    explicit ctgrad_network(std::size_t threads) : ws(ctgrad::make_workspace<T>(loss, ctgrad::wrt(W1, b1, W2, b2), {.threads = threads})) {}

    problem_data<T> d = Case::make_data();
    decltype(ctgrad::make_workspace<T>(loss, ctgrad::wrt(W1, b1, W2, b2))) ws;
    decltype(ctgrad::at(X = d.x, Y = d.y, W1 = d.w1, b1 = d.b1, W2 = d.w2, b2 = d.b2)) p =
        ctgrad::at(X = d.x, Y = d.y, W1 = d.w1, b1 = d.b1, W2 = d.w2, b2 = d.b2);

    std::vector<double> gradient() {
        std::vector<double> out{double(ws.value_and_grad(p))};
        append(out, ws.grad[W1].data(), ws.grad[W1].size());
        append(out, ws.grad[b1].data(), ws.grad[b1].size());
        append(out, ws.grad[W2].data(), ws.grad[W2].size());
        append(out, ws.grad[b2].data(), ws.grad[b2].size());
        return out;
    }
};

/// "ctgrad" on one thread, and "ctgrad_<n>_threads" for every thread count up to one per core
/// (the scaling curve).
template <class Case>
void register_ctgrad_case(Case*) {
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    for (std::size_t threads = 1; threads <= cores; ++threads) {
        auto s = std::make_shared<ctgrad_network<Case>>(threads);  // never moves: p points into s->d
        add<Case>(
            threads == 1 ? std::string("ctgrad") : "ctgrad_" + std::to_string(threads) + "_threads",
            [s](benchmark::State& bs) {
                for (auto _ : bs) benchmark::DoNotOptimize(s->ws.value_and_grad(s->p));
            },
            [s] { return s->gradient(); });
    }
}
}  // namespace training
