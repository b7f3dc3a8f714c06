// bench_gemm: Eigen's GEMM (ctgrad's run-time products) against the BLAS this process loaded
// (OpenBLAS once libopenblas0-openmp is installed: the one LibTorch uses), one thread each, at
// the products of the training step. A training step at 784 sizes is mostly these products, so
// this ratio bounds how far ctgrad can lead LibTorch on one thread.
//   bench_gemm --smoke   checks that both compute the same product, then exits
//   bench_gemm [Google Benchmark flags]
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include <benchmark/benchmark.h>

#include "../peer_settings.hpp"

extern "C" {
void sgemm_(const char*, const char*, const int*, const int*, const int*, const float*, const float*, const int*,
            const float*, const int*, const float*, float*, const int*);
void dgemm_(const char*, const char*, const int*, const int*, const int*, const double*, const double*, const int*,
            const double*, const int*, const double*, double*, const int*);
}

namespace {
template <class T>
void blas_gemm(int m, int k, int n, const T* a, const T* b, T* c) {  // column-major C = A B
    const T one = 1, zero = 0;
    if constexpr (sizeof(T) == 4) sgemm_("N", "N", &m, &n, &k, &one, a, &m, b, &k, &zero, c, &m);
    else dgemm_("N", "N", &m, &n, &k, &one, a, &m, b, &k, &zero, c, &m);
}

template <class T>
using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;

template <class T, bool Blas>
void product(benchmark::State& state) {
    const int m = int(state.range(0)), k = int(state.range(1)), n = int(state.range(2));
    const matrix<T> a = matrix<T>::Random(m, k), b = matrix<T>::Random(k, n);
    matrix<T> c(m, n);
    for (auto _ : state) {
        if constexpr (Blas) blas_gemm(m, k, n, a.data(), b.data(), c.data());
        else c.noalias() = a * b;
        benchmark::DoNotOptimize(c.data());
        benchmark::ClobberMemory();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * m * n * k, benchmark::Counter::kIsIterationInvariantRate);
}

// m x k times k x n: the forward products and weight gradients of 64 x 784-128-10 and 256 x 784-256-10
void shapes(benchmark::internal::Benchmark* b) {
    for (auto s : std::vector<std::vector<long>>{{64, 784, 128}, {128, 64, 784}, {256, 784, 256}, {256, 256, 784}, {64, 128, 10}})
        b->Args(s);
}

template <class T>
bool same_product() {
    const int m = 37, k = 53, n = 29;
    const matrix<T> a = matrix<T>::Random(m, k), b = matrix<T>::Random(k, n);
    matrix<T> c(m, n);
    blas_gemm(m, k, n, a.data(), b.data(), c.data());
    const matrix<T> e = a * b;
    return (c - e).cwiseAbs().maxCoeff() <= (sizeof(T) == 4 ? 1e-4 : 1e-12) * e.cwiseAbs().maxCoeff();
}
}  // namespace

BENCHMARK(product<float, false>)->Name("sgemm/eigen")->Apply(shapes);
BENCHMARK(product<float, true>)->Name("sgemm/blas")->Apply(shapes);
BENCHMARK(product<double, false>)->Name("dgemm/eigen")->Apply(shapes);
BENCHMARK(product<double, true>)->Name("dgemm/blas")->Apply(shapes);

int main(int argc, char** argv) {
    bench::use_best_blas_kernels(argv);  // LibTorch (the BLAS) at its best settings
    Eigen::setNbThreads(1);
    bench::set_blas_threads(1);
    const std::string blas = bench::blas_description();
    std::printf("BLAS: %s\n", blas.c_str());
    if (argc > 1 && std::strcmp(argv[1], "--smoke") == 0) {
        const bool same = same_product<float>() && same_product<double>();
        std::printf("gemm smoke: Eigen and the BLAS %s\n", same ? "agree" : "DISAGREE");
        return same ? 0 : 1;
    }
    benchmark::Initialize(&argc, argv);
    benchmark::AddCustomContext("blas", blas);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
