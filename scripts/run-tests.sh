#!/usr/bin/env bash
# Every test: builds and runs the whole suite with g++ (with the benchmarks in smoke mode)
# and with clang++, then the run-time tests under AddressSanitizer +
# UndefinedBehaviorSanitizer, with each compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
# the benchmarks are built and run once (bench.smoke: every system agrees with ctgrad)
bash scripts/install-deps.sh libbenchmark-dev libtorch-dev libadolc-dev
start=$(date +%s)
for preset in gcc-release clang-release; do
    echo "=== $preset ==="
    cmake --preset "$preset"
    cmake --build --preset "$preset"
    ctest --preset "$preset"
done
for preset in asan asan-clang; do
    echo "=== $preset: the run-time tests under AddressSanitizer + UndefinedBehaviorSanitizer ==="
    cmake --preset "$preset"
    cmake --build --preset "$preset"
    ctest --preset "$preset"
done
echo "all test runs passed in $(( $(date +%s) - start )) s"
