#!/usr/bin/env bash
# Every test: builds and runs the whole suite with g++ (with the benchmarks in smoke mode)
# and with clang++, then the run-time tests under AddressSanitizer +
# UndefinedBehaviorSanitizer built with g++. (The asan-clang preset runs the same tests
# with clang++'s sanitizers; it is left out here to keep CI under its time budget.)
set -euo pipefail
cd "$(dirname "$0")/.."
# the benchmarks are built and run once (bench.smoke: every system agrees with ctgrad)
bash scripts/install-deps.sh libbenchmark-dev libtorch-dev libadolc-dev libopenblas0-openmp
start=$(date +%s)
for preset in gcc-release clang-release; do
    echo "=== $preset ==="
    cmake --preset "$preset"
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
