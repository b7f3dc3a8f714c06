#!/usr/bin/env bash
# Every test: builds and runs the whole suite with g++ (with the benchmarks in smoke mode)
# and with clang++, then the run-time tests under AddressSanitizer +
# UndefinedBehaviorSanitizer built with clang++ (its -O0 instrumented build takes 5/6 of
# g++'s CPU time; the asan preset is g++'s). To keep CI under its time budget each of the
# slowest checks runs once, not once per compiler: the generated expressions (scalar and
# tensor, the symbolic product tests and the mutation tests) and header self-containment are
# compiled by clang++, which compiles them in 3/5 of g++'s time, while g++ compiles the
# benchmarks (at -O1: their smoke tests check agreement, never time); the cells of the
# elementwise and broadcast grids are shared (even with g++, odd with clang++). The presets
# alone build everything with both compilers. The sanitizer presets leave the generated
# expressions to the release builds and check a sample of the grids.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# each phase's seconds, printed at the end (CI's budget is watched per preset)
timings=""
phase() {  # phase <label> <command...>
    local label=$1 t0
    shift
    t0=$(date +%s)
    "$@"
    timings+="$label $(( $(date +%s) - t0 )) s; "
}
# the benchmarks are built and run once (bench.smoke: every system agrees with ctgrad)
phase "install" bash scripts/install-deps.sh libbenchmark-dev libtorch-dev libadolc-dev libopenblas0-openmp
declare -A share=([gcc-release]="-DCTGRAD_GENERATED_PARTS=none -DCTGRAD_TEST_GRID=even -DCTGRAD_HEADER_TESTS=OFF -DCTGRAD_BENCH_SMOKE_BUILD=ON"
                  [clang-release]="-DCTGRAD_GENERATED_PARTS=all -DCTGRAD_TEST_GRID=odd")
for preset in gcc-release clang-release; do
    echo "=== $preset ==="
    # shellcheck disable=SC2086  # several options, split on purpose
    phase "$preset configure" cmake --preset "$preset" ${share[$preset]}
    phase "$preset build" cmake --build --preset "$preset"
    phase "$preset ctest" ctest --preset "$preset"
done
for preset in asan-clang; do
    echo "=== $preset: the run-time tests under AddressSanitizer + UndefinedBehaviorSanitizer ==="
    phase "$preset configure" cmake --preset "$preset"
    phase "$preset build" cmake --build --preset "$preset"
    phase "$preset ctest" ctest --preset "$preset"
done
echo "phases: $timings"
echo "all test runs passed in $(( $(date +%s) - start )) s"
