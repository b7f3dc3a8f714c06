// bench/training/libtorch.cpp - the training step in LibTorch autograd: the same network in
// torch ops, backward() per step, with one thread, with LibTorch's default threads and with one
// thread per core (torch::set_num_threads; its BLAS is OpenMP's and follows the same count).
#include <algorithm>
#include <memory>
#include <thread>

#include <torch/torch.h>

#include "training.hpp"

namespace training {
namespace {
template <class Case>
void register_case(Case*) {
    using T = typename Case::value_type;
    struct state {
        enum : std::int64_t { B = Case::batch, I = Case::in, H = Case::hidden, O = Case::out };
        problem_data<T> d = Case::make_data();
        torch::TensorOptions options = torch::TensorOptions().dtype(sizeof(T) == 4 ? torch::kFloat32 : torch::kFloat64);
        torch::Tensor x = torch::from_blob(d.x.data(), {B, I}, options).clone();
        torch::Tensor y = torch::from_blob(d.y.data(), {B, O}, options).clone();
        torch::Tensor w1 = torch::from_blob(d.w1.data(), {H, I}, options).clone().requires_grad_(true);
        torch::Tensor b1 = torch::from_blob(d.b1.data(), {H}, options).clone().requires_grad_(true);
        torch::Tensor w2 = torch::from_blob(d.w2.data(), {O, H}, options).clone().requires_grad_(true);
        torch::Tensor b2 = torch::from_blob(d.b2.data(), {O}, options).clone().requires_grad_(true);

        torch::Tensor step() {
            for (auto* p : {&w1, &b1, &w2, &b2})
                if (p->grad().defined()) p->mutable_grad().zero_();
            auto a1 = torch::sigmoid(torch::addmm(b1, x, w1.t()));
            auto z2 = torch::addmm(b2, a1, w2.t());
            auto loss = Case::loss == loss_kind::mse ? (z2 - y).square().mean() / 2
                                                     : -(y * torch::log_softmax(z2, 1)).sum(1).mean();
            loss.backward();
            return loss;
        }
    };
    auto s = std::make_shared<state>();
    auto timed = [s](int threads) {
        return [s, threads](benchmark::State& bs) {
            const int before = torch::get_num_threads();
            if (threads > 0) torch::set_num_threads(threads);
            for (auto _ : bs) benchmark::DoNotOptimize(s->step());
            torch::set_num_threads(before);
        };
    };
    auto gradient = [s] {
        auto loss = s->step();
        std::vector<double> out{loss.template item<double>()};
        for (auto* p : {&s->w1, &s->b1, &s->w2, &s->b2}) {
            auto g = p->grad().contiguous();
            append(out, g.template data_ptr<T>(), std::size_t(g.numel()));
        }
        return out;
    };
    add<Case>("libtorch_1_thread", timed(1), gradient);
    add<Case>("libtorch_default_threads", timed(0), gradient);  // LibTorch's choice (1 on a machine it reads as one core)
    add<Case>("libtorch_all_cores", timed(int(std::max(1u, std::thread::hardware_concurrency()))), gradient);
}
}  // namespace

void register_libtorch() {
    for_each_case<family<float, loss_kind::mse>>([](auto* c) { register_case(c); });
    for_each_case<family<float, loss_kind::cross_entropy>>([](auto* c) { register_case(c); });
    for_each_case<family<double, loss_kind::mse>>([](auto* c) { register_case(c); });
    for_each_case<family<double, loss_kind::cross_entropy>>([](auto* c) { register_case(c); });
}
}  // namespace training
