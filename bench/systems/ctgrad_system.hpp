// ctgrad's side of the benchmark: value_and_grad of model<Case> (bench/ctgrad_cases.hpp),
// the point built from the input array inside the loop, as a caller would. Each
// systems/ctgrad_*.cpp registers a group of cases (one translation unit per group keeps
// the compiles parallel and small).
#pragma once
#include <algorithm>
#include <array>

#include "../ctgrad_cases.hpp"
#include "../registry.hpp"

namespace bench {
/// The case's inputs as the array at(M::inputs, ...) takes.
template <class Case>
auto ctgrad_inputs(const std::vector<double>& in = Case::inputs()) {
    std::array<double, decltype(model<Case>::inputs)::size> v{};
    std::copy(in.begin(), in.end(), v.begin());
    return v;
}

template <class Case>
void ctgrad_gradient(benchmark::State& state) {
    using M = model<Case>;
    auto v = ctgrad_inputs<Case>();
    for (auto _ : state) {
        benchmark::DoNotOptimize(v);
        auto r = ctgrad::value_and_grad(M::loss, M::parameters, ctgrad::at(M::inputs, v));
        benchmark::DoNotOptimize(r);
    }
}

template <class Case>
void ctgrad_eval(benchmark::State& state) {
    using M = model<Case>;
    auto v = ctgrad_inputs<Case>();
    for (auto _ : state) {
        benchmark::DoNotOptimize(v);
        double value = ctgrad::eval(M::loss, ctgrad::at(M::inputs, v));
        benchmark::DoNotOptimize(value);
    }
}

template <class Cases>
bool register_ctgrad() {
    for_each_case<Cases>([]<class Case>(Case*) {
        using M = model<Case>;
        static_assert(decltype(M::parameters)::size == Case::parameters);
        static_assert(decltype(M::inputs)::size == Case::parameters + Case::data);
        add<Case>("ctgrad", ctgrad_gradient<Case>, [](const std::vector<double>& in) {
            auto r = ctgrad::value_and_grad(M::loss, M::parameters, ctgrad::at(M::inputs, ctgrad_inputs<Case>(in)));
            std::vector<double> out{r.value};
            out.insert(out.end(), r.grad.begin(), r.grad.end());
            return out;
        });
        add<Case>("ctgrad_eval", ctgrad_eval<Case>);
    });
    return true;
}
}  // namespace bench
