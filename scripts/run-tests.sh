#!/usr/bin/env bash
# Every test: builds and runs the whole suite with g++ (with the benchmarks in smoke mode)
# and with clang++, then the run-time tests under AddressSanitizer +
# UndefinedBehaviorSanitizer built with g++. To keep CI under its time budget each of the
# slowest checks runs once, not once per compiler: the generated-expression parts are shared
# between the compilers (even parts with g++, odd with clang++; the presets alone build them
# all), header self-containment is compiled by g++, and the sanitizer presets leave the
# generated expressions to the release builds. (The asan-clang preset runs the run-time tests
# with clang++'s sanitizers; it is left out here for the same reason.)
set -euo pipefail
cd "$(dirname "$0")/.."
# the benchmarks are built and run once (bench.smoke: every system agrees with ctgrad)
bash scripts/install-deps.sh libbenchmark-dev libtorch-dev libadolc-dev libopenblas0-openmp
start=$(date +%s)
declare -A share=([gcc-release]="-DCTGRAD_GENERATED_PARTS=even"
                  [clang-release]="-DCTGRAD_GENERATED_PARTS=odd -DCTGRAD_HEADER_TESTS=OFF")
for preset in gcc-release clang-release; do
    echo "=== $preset ==="
    # shellcheck disable=SC2086  # two options, split on purpose
    cmake --preset "$preset" ${share[$preset]}
    cmake --build --preset "$preset"
    ctest --preset "$preset"
done
for preset in asan; do
    echo "=== $preset: the run-time tests under AddressSanitizer + UndefinedBehaviorSanitizer ==="
    cmake --preset "$preset"
    cmake --build --preset "$preset"
    ctest --preset "$preset"
done
echo "all test runs passed in $(( $(date +%s) - start )) s"
