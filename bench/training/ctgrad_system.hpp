// bench/training/ctgrad_system.hpp - the training step in ctgrad: one workspace per case, the
// data bound once (a training loop refills the bound storage), value_and_grad per iteration.
#pragma once
#include <memory>

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

    problem_data<T> d = Case::make_data();
    decltype(ctgrad::make_workspace<T>(loss, ctgrad::wrt(W1, b1, W2, b2))) ws =
        ctgrad::make_workspace<T>(loss, ctgrad::wrt(W1, b1, W2, b2));
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

template <class Case>
void register_ctgrad_case(Case*) {
    auto s = std::make_shared<ctgrad_network<Case>>();  // never moves: p points into s->d
    add<Case>(
        "ctgrad",
        [s](benchmark::State& bs) {
            for (auto _ : bs) benchmark::DoNotOptimize(s->ws.value_and_grad(s->p));
        },
        [s] { return s->gradient(); });
}
}  // namespace training
