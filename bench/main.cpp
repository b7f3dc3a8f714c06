// bench_gradients: every case of bench/registry.hpp in every system, timed by Google
// Benchmark in one run (report ratios from the same run, never times alone).
//   bench_gradients [benchmark flags]   the measurement (scripts/run-bench.sh)
//   bench_gradients --smoke             first checks that every system's value and gradient
//                                       agree with ctgrad's to 1e-10 relative, then runs each
//                                       benchmark for one short round; times are not checked
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "peer_settings.hpp"
#include "registry.hpp"

namespace bench {
std::vector<entry>& registry() {
    static std::vector<entry> entries;
    return entries;
}

namespace {
/// The largest relative difference. A component that is 0 in one system may be a rounding
/// error in another: components below 1e-14 of the largest are compared to the largest.
double disagreement(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
    double scale = 0;
    for (double v : b) scale = std::max(scale, std::fabs(v));
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        double d = std::fabs(a[i] - b[i]);
        double size = std::max(std::fabs(a[i]), std::fabs(b[i]));
        if (std::isnan(d)) return std::numeric_limits<double>::infinity();
        if (d > 0) worst = std::max(worst, d / (size > 1e-14 * scale ? size : scale));
    }
    return worst;
}

bool all_agree_with_ctgrad() {
    std::map<std::string, std::vector<double>> reference;
    for (const entry& e : registry())
        if (e.system == "ctgrad") reference[e.case_name] = e.gradient(e.inputs);
    bool ok = true;
    int compared = 0;
    std::printf("%-26s %-16s %s\n", "case", "system", "relative difference to ctgrad (value and gradient)");
    for (const entry& e : registry()) {
        if (!e.gradient || e.system == "ctgrad") continue;
        auto r = reference.find(e.case_name);
        if (r == reference.end()) {
            std::printf("%-26s %-16s no ctgrad result to compare with\n", e.case_name.c_str(), e.system.c_str());
            ok = false;
            continue;
        }
        double d = disagreement(e.gradient(e.inputs), r->second);
        bool agrees = d <= 1e-10;
        std::printf("%-26s %-16s %.2e%s\n", e.case_name.c_str(), e.system.c_str(), d, agrees ? "" : "  DISAGREES");
        ok = ok && agrees;
        ++compared;
    }
    std::printf("%d comparisons over %zu cases: %s\n", compared, reference.size(), ok ? "all agree" : "FAILED");
    return ok && compared > 0;
}
}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
    bench::use_best_blas_kernels(argv);  // LibTorch (the BLAS) at its best settings
    std::vector<char*> args(argv, argv + argc);
    auto smoke = std::find_if(args.begin(), args.end(), [](const char* a) { return std::strcmp(a, "--smoke") == 0; });
    static char one_round[] = "--benchmark_min_time=0.000001";
    if (smoke != args.end()) {
        if (!bench::all_agree_with_ctgrad()) return 1;
        *smoke = one_round;  // each benchmark once, for a moment: it runs, nothing is timed
    }
    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    benchmark::AddCustomContext("blas", bench::blas_description());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
