// bench_training: the training step in ctgrad, hand-written Eigen backprop and LibTorch
// autograd (bench/training/training.hpp has the cases).
//   bench_training --smoke   checks every system's loss and gradient against ctgrad's
//                            (1e-4 relative in float, 1e-10 in double), then exits
//   bench_training [Google Benchmark flags]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include <torch/torch.h>

#include "../peer_settings.hpp"
#include "training.hpp"

namespace training {
std::vector<entry>& registry() {
    static std::vector<entry> entries;
    return entries;
}
}  // namespace training

namespace {
int smoke() {
    using namespace training;
    std::map<std::string, std::vector<double>> reference;
    for (const auto& e : registry())
        if (e.system == "ctgrad") reference[e.case_name] = e.gradient();
    int comparisons = 0, disagreements = 0;
    for (const auto& e : registry()) {
        if (e.system == "ctgrad") continue;
        const std::vector<double> got = e.gradient();
        const std::vector<double>& want = reference.at(e.case_name);
        const double tolerance = e.case_name.ends_with("float") ? 1e-4 : 1e-10;
        double worst = 0;
        bool sizes = got.size() == want.size();
        for (std::size_t k = 0; sizes && k < got.size(); ++k) {
            const double scale = std::max({std::fabs(want[k]), std::fabs(got[k]), 1e-3});  // 1e-3: tiny gradients
            worst = std::max(worst, std::fabs(got[k] - want[k]) / scale);
        }
        ++comparisons;
        if (!sizes || worst > tolerance) {
            ++disagreements;
            std::printf("%s/%s DISAGREES with ctgrad: worst relative difference %.3g\n", e.case_name.c_str(),
                        e.system.c_str(), worst);
        }
    }
    std::printf("training smoke: %d comparisons over %zu cases: %s\n", comparisons, reference.size(),
                disagreements == 0 ? "all agree" : "DISAGREEMENTS");
    return disagreements == 0 ? 0 : 1;
}
}  // namespace

int main(int argc, char** argv) {
    bench::use_best_blas_kernels(argv);  // LibTorch (the BLAS) at its best settings
    training::register_ctgrad_float();
    training::register_ctgrad_double();
    training::register_eigen();
    training::register_libtorch();
    const std::string blas = bench::blas_description();
    std::printf("LibTorch's BLAS: %s; LibTorch's default threads: %d\n", blas.c_str(), torch::get_num_threads());
    if (!bench::optimized_blas_loaded())
        std::printf("note: LibTorch runs on an unoptimized BLAS; a user after speed installs libopenblas0-openmp\n");
    if (argc > 1 && std::strcmp(argv[1], "--smoke") == 0) return smoke();
    benchmark::Initialize(&argc, argv);
    benchmark::AddCustomContext("blas", blas);
    benchmark::AddCustomContext("libtorch_default_threads", std::to_string(torch::get_num_threads()));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
