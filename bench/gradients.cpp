// Run time of ctgrad's value_and_grad against hand-written backprop with the same
// formulas (the stable sigmoid and its accurate complement), in one run: the seed's Q1(b) and Q2 networks and a 4-16-3 scalar MLP.
// Report ratios (ctgrad / hand-written) from the same run; times alone mean little.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstring>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

#include "../tests/seed_networks.hpp"

using namespace ctgrad;

namespace seed_q1b {

struct grads {
    double value, da, db, dc, dd, de, df;
};
// hand-written backprop, the seed's formulas
grads by_hand(double vx1, double vx2, double va, double vb, double vc, double vd, double ve, double vf) {
    double z1 = vc * vx1 + ve * vx2, z2 = vd * vx1 + vf * vx2;
    double r1 = z1 > 0 ? z1 : 0, r2 = z2 > 0 ? z2 : 0;
    double s1 = detail::stable_sigmoid(va * r1), s2 = detail::stable_sigmoid(vb * r2);
    double g1 = s1 * detail::sigmoid_complement_value(s1, va * r1), g2 = s2 * detail::sigmoid_complement_value(s2, vb * r2);
    double dr1 = va * g1 * (z1 > 0 ? 1 : 0), dr2 = vb * g2 * (z2 > 0 ? 1 : 0);
    return {s1 + s2, r1 * g1, r2 * g2, dr1 * vx1, dr2 * vx1, dr1 * vx2, dr2 * vx2};
}
void hand_written(benchmark::State& state) {
    double in[8] = {1, -1, 1, 1, 4, 1, 2, 2};
    for (auto _ : state) {
        benchmark::DoNotOptimize(in);
        grads g = by_hand(in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7]);
        benchmark::DoNotOptimize(g);
    }
}
void with_ctgrad(benchmark::State& state) {
    double in[8] = {1, -1, 1, 1, 4, 1, 2, 2};
    for (auto _ : state) {
        benchmark::DoNotOptimize(in);
        auto r = value_and_grad(y, wrt(a, b, c, d, e, f),
                                at(x1 = in[0], x2 = in[1], a = in[2], b = in[3], c = in[4], d = in[5], e = in[6], f = in[7]));
        benchmark::DoNotOptimize(r);
    }
}
}  // namespace seed_q1b
BENCHMARK(seed_q1b::hand_written)->Name("seed_q1b/hand_written");
BENCHMARK(seed_q1b::with_ctgrad)->Name("seed_q1b/ctgrad");

namespace seed_q2 {
void hand_written(benchmark::State& state) {
    double in[4] = {1, 1, 0.5, -0.25};
    for (auto _ : state) {
        benchmark::DoNotOptimize(in);
        double z1 = in[0] * in[2];
        double a1 = detail::stable_sigmoid(z1);
        double z2 = a1 * in[3];
        double a2 = detail::stable_sigmoid(z2);
        double l = 0.5 * (a2 - in[1]) * (a2 - in[1]);
        double d2 = (a2 - in[1]) * a2 * detail::sigmoid_complement_value(a2, z2);
        double g[3] = {l, d2 * in[3] * a1 * detail::sigmoid_complement_value(a1, z1) * in[0], d2 * a1};
        benchmark::DoNotOptimize(g);
    }
}
void with_ctgrad(benchmark::State& state) {
    double in[4] = {1, 1, 0.5, -0.25};
    for (auto _ : state) {
        benchmark::DoNotOptimize(in);
        auto r = value_and_grad(loss, wrt(w1, w2), at(x = in[0], y = in[1], w1 = in[2], w2 = in[3]));
        benchmark::DoNotOptimize(r);
    }
}
}  // namespace seed_q2
BENCHMARK(seed_q2::hand_written)->Name("seed_q2/hand_written");
BENCHMARK(seed_q2::with_ctgrad)->Name("seed_q2/ctgrad");

namespace mlp {
constexpr std::size_t In = 4, Hidden = 16, Out = 3;
constexpr auto inputs = nn::inputs<"x", In>();
constexpr auto hidden = nn::dense<"w1", "b1", Hidden>(inputs, nn::act::sigmoid{});
constexpr auto output = nn::dense<"w2", "b2", Out>(hidden, nn::act::identity{});
constexpr auto loss = nn::mse(output, nn::inputs<"t", Out>());
constexpr auto params = nn::dense_parameters<"w1", "b1", Hidden, In>() + nn::dense_parameters<"w2", "b2", Out, Hidden>();
constexpr auto data = []<std::size_t... I, std::size_t... K>(std::index_sequence<I...>, std::index_sequence<K...>) {
    return wrt(indexed_var<"x", I>{}..., indexed_var<"t", K>{}...);
}(std::make_index_sequence<In>{}, std::make_index_sequence<Out>{});
constexpr std::size_t n = decltype(params)::size;

struct weights {  // the same parameters, laid out for loops
    double w1[Hidden][In], b1[Hidden], w2[Out][Hidden], b2[Out];
};
void hand_written(benchmark::State& state) {
    weights w{};
    std::array<double, n + In + Out> v{};
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.01 * double((i * 37) % 17) - 0.08;
    std::memcpy(&w, v.data(), sizeof(w));
    const double* x = v.data() + n;
    const double* t = x + In;
    for (auto _ : state) {
        benchmark::DoNotOptimize(v);
        double h[Hidden], zh[Hidden], o[Out], dh[Hidden], loss_value = 0;
        weights g;
        for (std::size_t j = 0; j < Hidden; ++j) {
            double z = w.b1[j];
            for (std::size_t i = 0; i < In; ++i) z += w.w1[j][i] * x[i];
            h[j] = detail::stable_sigmoid(z);  // the same formulas as ctgrad's rules
            zh[j] = z;
        }
        for (std::size_t k = 0; k < Out; ++k) {
            double z = w.b2[k];
            for (std::size_t j = 0; j < Hidden; ++j) z += w.w2[k][j] * h[j];
            o[k] = z;
            loss_value += 0.5 * (z - t[k]) * (z - t[k]);
        }
        for (std::size_t j = 0; j < Hidden; ++j) dh[j] = 0;
        for (std::size_t k = 0; k < Out; ++k) {
            double d = o[k] - t[k];
            g.b2[k] = d;
            for (std::size_t j = 0; j < Hidden; ++j) {
                g.w2[k][j] = d * h[j];
                dh[j] += d * w.w2[k][j];
            }
        }
        for (std::size_t j = 0; j < Hidden; ++j) {
            double dz = dh[j] * h[j] * detail::sigmoid_complement_value(h[j], zh[j]);
            g.b1[j] = dz;
            for (std::size_t i = 0; i < In; ++i) g.w1[j][i] = dz * x[i];
        }
        benchmark::DoNotOptimize(loss_value);
        benchmark::DoNotOptimize(g);
    }
}
void with_ctgrad(benchmark::State& state) {
    std::array<double, n + In + Out> v{};
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.01 * double((i * 37) % 17) - 0.08;
    auto p = at(params + data, v);  // built once, as the hand-written weights are
    for (auto _ : state) {
        benchmark::DoNotOptimize(p);
        auto r = value_and_grad(loss, params, p);
        benchmark::DoNotOptimize(r);
    }
}
}  // namespace mlp
BENCHMARK(mlp::hand_written)->Name("mlp_4_16_3/hand_written");
BENCHMARK(mlp::with_ctgrad)->Name("mlp_4_16_3/ctgrad");

BENCHMARK_MAIN();
