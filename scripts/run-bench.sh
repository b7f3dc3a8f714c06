#!/usr/bin/env bash
# Run-time benchmark: ctgrad value_and_grad against hand-written backprop, ratios from one run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh libbenchmark-dev
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTGRAD_BUILD_TESTS=OFF \
      -DCTGRAD_BUILD_EXAMPLES=OFF -DCTGRAD_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build/bench -j2
./build/bench/bench/bench_gradients --benchmark_repetitions=15 --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true
