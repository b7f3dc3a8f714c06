// bench/training/training.hpp - the training-step case family: the gradient of a 2-layer MLP
// (sigmoid hidden layer) with mse or softmax cross-entropy, mean over a batch, in float and
// double, at three sizes. Every system registers, per case, a benchmark "<case>/<system>" and
// a function returning the loss and then the gradient (W1, b1, W2, b2 flattened), so that
// --smoke can check every system against ctgrad.
#pragma once
#include <cmath>
#include <cstddef>
#include <functional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <benchmark/benchmark.h>

namespace training {

enum class loss_kind { mse, cross_entropy };

/// The data of a case: inputs in [0, 1), one-hot targets, nn.Linear-style weights.
template <class T>
struct problem_data {
    std::vector<T> x, y, w1, b1, w2, b2;
};

template <class T, std::size_t Batch, std::size_t In, std::size_t Hidden, std::size_t Out, loss_kind Loss>
struct training_case {
    using value_type = T;
    static constexpr std::size_t batch = Batch, in = In, hidden = Hidden, out = Out;
    static constexpr loss_kind loss = Loss;
    static std::string name() {
        return std::to_string(Batch) + "x" + std::to_string(In) + "-" + std::to_string(Hidden) + "-" + std::to_string(Out) +
               (Loss == loss_kind::mse ? "/mse/" : "/cross_entropy/") + (sizeof(T) == 4 ? "float" : "double");
    }
    static problem_data<T> make_data() {
        std::mt19937 rng(42);
        problem_data<T> d{std::vector<T>(Batch * In), std::vector<T>(Batch * Out, T(0)), std::vector<T>(Hidden * In),
                          std::vector<T>(Hidden), std::vector<T>(Out * Hidden), std::vector<T>(Out)};
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (T& v : d.x) v = T(unit(rng));
        for (std::size_t i = 0; i < Batch; ++i) d.y[i * Out + i % Out] = T(1);
        auto init = [&](std::vector<T>& v, std::size_t fan_in) {
            std::uniform_real_distribution<double> u(-1.0 / std::sqrt(double(fan_in)), 1.0 / std::sqrt(double(fan_in)));
            for (T& w : v) w = T(u(rng));
        };
        init(d.w1, In), init(d.b1, In), init(d.w2, Hidden), init(d.b2, Hidden);
        return d;
    }
};

template <class T, loss_kind L>
using family = std::tuple<training_case<T, 64, 4, 16, 3, L>, training_case<T, 64, 784, 128, 10, L>,
                          training_case<T, 256, 784, 256, 10, L>>;

/// The loss and the gradient (W1, b1, W2, b2), as doubles.
using gradient_function = std::function<std::vector<double>()>;

struct entry {
    std::string case_name;
    std::string system;
    gradient_function gradient;
};
std::vector<entry>& registry();  // bench/training/main.cpp

template <class Case>
void add(const std::string& system, std::function<void(benchmark::State&)> run, gradient_function gradient) {
    benchmark::RegisterBenchmark((Case::name() + "/" + system).c_str(), std::move(run))->Unit(benchmark::kMicrosecond);
    registry().push_back({Case::name(), system, std::move(gradient)});
}

template <class Cases, class Register>
void for_each_case(Register register_case) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (register_case(static_cast<std::tuple_element_t<I, Cases>*>(nullptr)), ...);
    }(std::make_index_sequence<std::tuple_size_v<Cases>>{});
}

template <class T>
void append(std::vector<double>& out, const T* data, std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) out.push_back(double(data[k]));
}

void register_ctgrad_float();
void register_ctgrad_double();
void register_eigen();
void register_libtorch();
}  // namespace training
