// bench/peer_settings.hpp - what a peer actually ran with, read from the running process
// rather than assumed: the BLAS library it loaded (/proc/self/maps, links resolved) and, for
// OpenBLAS, its build and thread model. Every comparison with LibTorch states this line.
#pragma once
#include <dlfcn.h>
#include <strings.h>
#include <unistd.h>

#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <string>

namespace bench {

/// The BLAS shared library mapped into this process, resolved to its file ("" if none).
inline std::string loaded_blas_path() {
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        const auto slash = line.find('/');
        if (slash == std::string::npos) continue;
        const std::string path = line.substr(slash);
        const std::string file = std::filesystem::path(path).filename().string();
        for (const char* blas : {"libopenblas", "libblas.so", "libmkl_rt", "libblis"})
            if (file.starts_with(blas)) return std::filesystem::weakly_canonical(path).string();
    }
    return "";
}

/// True when the loaded BLAS is an optimized one (OpenBLAS, MKL, BLIS), not netlib's reference.
inline bool optimized_blas_loaded() {
    const std::string path = loaded_blas_path();
    return !path.empty() && path.find("/blas/libblas") == std::string::npos;
}

/// OpenBLAS's best kernels for this CPU. Debian's OpenBLAS 0.3.21 (DYNAMIC_ARCH) runs its AVX2
/// (Haswell) kernels on AVX-512 CPUs it does not know by name, AMD's among them, and this
/// project's machines preset OPENBLAS_CORETYPE=Haswell; its AVX-512 (SkylakeX) kernels ran sgemm
/// 1.6-1.9x faster on such a machine (bench/results/gemm-2026-12-08.txt). A user after speed
/// names the core, so on an AVX-512 CPU, with no core or an AVX2 one named, the benchmark runs
/// itself again with OPENBLAS_CORETYPE=SKYLAKEX (OpenBLAS reads it when it loads; the BLAS line
/// then names the core). Call first in main; if the exec fails the run goes on as it was.
inline void use_best_blas_kernels(char** argv) {
    const char* core = std::getenv("OPENBLAS_CORETYPE");
    if (core != nullptr && strcasecmp(core, "haswell") != 0 && strcasecmp(core, "zen") != 0) return;
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                        __builtin_cpu_supports("avx512vl");
    if (!avx512 || setenv("OPENBLAS_CORETYPE", "SKYLAKEX", 1) != 0) return;
    execv("/proc/self/exe", argv);
}

/// Sets OpenBLAS's thread count when OpenBLAS is loaded (looked up, so nothing is linked for
/// it); false when there is no such call to make.
inline bool set_blas_threads(int threads) {
    using set_function = void (*)(int);
    auto set = reinterpret_cast<set_function>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (set == nullptr) return false;
    set(threads);
    return true;
}

/// One line: which BLAS, its build and thread model, and where it was loaded from.
inline std::string blas_description() {
    const std::string path = loaded_blas_path();
    if (path.empty()) return "no BLAS loaded";
    // OpenBLAS answers for itself; the names are looked up, so no BLAS is linked for this
    using config_function = char* (*)();
    using int_function = int (*)();
    if (auto config = reinterpret_cast<config_function>(dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
        std::string text = std::string("OpenBLAS (") + config();
        if (auto parallel = reinterpret_cast<int_function>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"))) {
            const int model = parallel();
            text += model == 0 ? ", sequential" : model == 1 ? ", pthreads" : ", OpenMP";
        }
        return text + ") " + path;
    }
    if (path.find("/blas/libblas") != std::string::npos) return "reference BLAS (netlib, unoptimized) " + path;
    return path;
}
}  // namespace bench
