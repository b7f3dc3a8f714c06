// Hand-written C++: the gradient as a person would write it (bench/cases.hpp), and the
// function alone in plain double - the baseline of gradient cost / function cost.
#include "../registry.hpp"

namespace bench {
namespace {
template <class Case>
void gradient(benchmark::State& state) {
    std::vector<double> in = Case::inputs();
    double g[Case::parameters];
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        double value = Case::gradient(in.data(), g);
        benchmark::DoNotOptimize(value);
        benchmark::DoNotOptimize(g);
    }
}
template <class Case>
void function(benchmark::State& state) {
    std::vector<double> in = Case::inputs();
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        double value = Case::template function<double_ops>(in.data());
        benchmark::DoNotOptimize(value);
    }
}
const bool registered = [] {
    for_each_case<all_cases>([]<class Case>(Case*) {
        add<Case>("hand_written", gradient<Case>, [](const std::vector<double>& in) {
            std::vector<double> out(1 + Case::parameters);
            out[0] = Case::gradient(in.data(), out.data() + 1);
            return out;
        });
        add<Case>("function", function<Case>);
    });
    return true;
}();
}  // namespace
}  // namespace bench
