// bench_second_order: a Hessian-vector product against one value_and_grad, on the 64 x
// 784-128-10 sigmoid network with softmax cross-entropy (double). hvp is the gradient of the
// directional derivative: one forward and one reverse sweep over the loss and its gradient
// together, so its cost is a small multiple of value_and_grad's (issue 23's target: <= 3x).
//   bench_second_order --smoke   checks hvp against central differences of the gradient
//   bench_second_order [Google Benchmark flags]   times both and prints the ratio
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <ctgrad/ctgrad.hpp>

namespace {
using namespace ctgrad;
constexpr var<"X", 64, 784> X;
constexpr var<"Y", 64, 10> Y;
constexpr var<"W1", 128, 784> W1;
constexpr var<"b1", 128> b1;
constexpr var<"W2", 10, 128> W2;
constexpr var<"b2", 10> b2;
constexpr auto a1 = named<"a1">(sigmoid(matmul(X, transpose(W1)) + b1));
constexpr auto loss = mean(nn::softmax_cross_entropy(matmul(a1, transpose(W2)) + b2, Y));

std::vector<double> random(std::size_t n, double scale, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal(0.0, scale);
    std::vector<double> v(n);
    for (double& x : v) x = normal(rng);
    return v;
}

struct data {
    std::vector<double> x = random(64 * 784, 1.0, 1), y = std::vector<double>(64 * 10, 0.0);
    std::vector<double> w1 = random(128 * 784, 0.05, 2), bias1 = random(128, 0.1, 3), w2 = random(10 * 128, 0.1, 4),
                        bias2 = random(10, 0.1, 5);
    std::vector<double> d1 = random(128 * 784, 1.0, 6), db1 = random(128, 1.0, 7), d2 = random(10 * 128, 1.0, 8),
                        db2 = random(10, 1.0, 9);
    data() {
        for (std::size_t i = 0; i < 64; ++i) y[i * 10 + (i * 7) % 10] = 1.0;
    }
    auto point() const { return at(X = x, Y = y, W1 = w1, b1 = bias1, W2 = w2, b2 = bias2); }
    auto direction() const { return at(W1 = d1, b1 = db1, W2 = d2, b2 = db2); }
};

void value_and_grad_step(benchmark::State& state) {
    const data d;
    for (auto _ : state) {
        auto r = value_and_grad(loss, wrt(W1, b1, W2, b2), d.point());
        benchmark::DoNotOptimize(r.grad.data(W1));
    }
}
void hvp_step(benchmark::State& state) {
    const data d;
    for (auto _ : state) {
        auto r = hvp(loss, wrt(W1, b1, W2, b2), d.point(), d.direction());
        benchmark::DoNotOptimize(r.data(W1));
    }
}
BENCHMARK(value_and_grad_step)->Name("784-128-10 value_and_grad")->Unit(benchmark::kMicrosecond);
BENCHMARK(hvp_step)->Name("784-128-10 hvp")->Unit(benchmark::kMicrosecond);

/// The worst relative difference of hvp from central differences of the gradient along the
/// direction, over every element of every variable.
int smoke() {
    data d;
    const auto hv = hvp(loss, wrt(W1, b1, W2, b2), d.point(), d.direction());
    const double h = 1e-6;  // the direction has norm ~300: h = 1e-5 left 6e-5 of truncation error
    auto shift = [&](double t) {
        auto move = [t](std::vector<double>& v, const std::vector<double>& dir) {
            for (std::size_t k = 0; k < v.size(); ++k) v[k] += t * dir[k];
        };
        move(d.w1, d.d1), move(d.bias1, d.db1), move(d.w2, d.d2), move(d.bias2, d.db2);
    };
    auto gradient_at = [&](double t) {  // the gradient at p + t v
        shift(t);
        auto g = value_and_grad(loss, wrt(W1, b1, W2, b2), d.point()).grad;
        shift(-t);
        return g;
    };
    const auto up = gradient_at(h), down = gradient_at(-h);
    double worst = 0, largest = 0;
    auto compare = [&](auto variable) {
        for (std::size_t k = 0; k < decltype(variable)::shape.size(); ++k) {
            const double fd = (up.data(variable)[k] - down.data(variable)[k]) / (2 * h);
            const double got = hv.data(variable)[k];
            largest = std::fmax(largest, std::fabs(got));
            worst = std::fmax(worst, std::fabs(got - fd) / std::fmax(std::fabs(fd), 1e-4));
        }
    };
    compare(W1), compare(b1), compare(W2), compare(b2);
    const bool ok = worst < 1e-5 && largest > 0;
    std::printf("second-order smoke: hvp against central differences of the gradient, worst relative "
                "difference %.3g (largest element %.3g): %s\n",
                worst, largest, ok ? "agree" : "DISAGREE");
    return ok ? 0 : 1;
}

/// Keeps each run's time so that main can print the ratio.
class ratio_reporter : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> times;
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs)
            if (run.run_type == Run::RT_Iteration || run.aggregate_name == "median")
                times[run.run_name.function_name] = run.GetAdjustedRealTime();
        ConsoleReporter::ReportRuns(runs);
    }
};
}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::strcmp(argv[1], "--smoke") == 0) return smoke();
    // Both calls allocate their value and adjoint blocks (megabytes) per call. With glibc's
    // default thresholds those come from mmap or a heap top that is trimmed after each call, so
    // each call paid page faults and zeroing of fresh pages (value_and_grad: 9.5 ms instead of
    // 0.5 ms, depending on which benchmark ran first); kept in the heap, both measure the sweeps.
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    std::printf("glibc malloc: M_MMAP_THRESHOLD and M_TRIM_THRESHOLD 1 GiB (blocks reused between calls)\n");
    benchmark::Initialize(&argc, argv);
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    const auto& t = reporter.times;
    if (t.count("784-128-10 hvp") && t.count("784-128-10 value_and_grad"))
        std::printf("hvp / value_and_grad = %.2fx (target <= 3x)\n",
                    t.at("784-128-10 hvp") / t.at("784-128-10 value_and_grad"));
}
