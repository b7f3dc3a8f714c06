// ctgrad's side of the benchmark: value_and_grad of model<Case> (bench/ctgrad_cases.hpp) at a
// point over the same input buffer the hand-written gradient reads (at(wrt, span): no copy). Each
// systems/ctgrad_*.cpp registers a group of cases (one translation unit per group keeps
// the compiles parallel and small).
#pragma once
#include <span>
#include <vector>

#include "../ctgrad_cases.hpp"
#include "../registry.hpp"

namespace bench {
/// The caller's input buffer as a point that reads it in place (no copy), as the
/// hand-written gradient reads its `in` array.
template <class Case>
auto ctgrad_point(const std::vector<double>& in) {
    using M = model<Case>;
    return ctgrad::at(M::inputs, std::span<const double, decltype(M::inputs)::size>(in.data(), in.size()));
}

template <class Case>
void ctgrad_gradient(benchmark::State& state) {
    using M = model<Case>;
    std::vector<double> in = Case::inputs();
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        auto r = ctgrad::value_and_grad(M::loss, M::parameters, ctgrad_point<Case>(in));
        benchmark::DoNotOptimize(r);
    }
}

template <class Case>
void ctgrad_eval(benchmark::State& state) {
    using M = model<Case>;
    std::vector<double> in = Case::inputs();
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        double value = ctgrad::eval(M::loss, ctgrad_point<Case>(in));
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
            auto r = ctgrad::value_and_grad(M::loss, M::parameters, ctgrad_point<Case>(in));
            std::vector<double> out{r.value};
            out.insert(out.end(), r.grad.begin(), r.grad.end());
            return out;
        });
        add<Case>("ctgrad_eval", ctgrad_eval<Case>);
    });
    return true;
}
}  // namespace bench
