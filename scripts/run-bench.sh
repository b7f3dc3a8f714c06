#!/usr/bin/env bash
# Every benchmark: ctgrad against hand-written C++, LibTorch autograd and ADOL-C (run time,
# one run, ratios), then the compile-time curve with g++ and clang++. Writes
# bench/results/<date>.md, bench/results/compile-<date>.{csv,svg,png} and the README's table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh libbenchmark-dev libtorch-dev libadolc-dev libopenblas0-openmp gnuplot-nox python3
date=$(date +%F)
results=bench/results
mkdir -p "$results" build
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ -DCTGRAD_BUILD_TESTS=OFF \
      -DCTGRAD_BUILD_EXAMPLES=OFF -DCTGRAD_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build/bench -j2
./build/bench/bench/bench_gradients --smoke --benchmark_filter=none
./build/bench/bench/bench_gradients --benchmark_repetitions=7 --benchmark_enable_random_interleaving=true \
    --benchmark_min_time=0.05 --benchmark_report_aggregates_only=true \
    --benchmark_out=build/bench/gradients.json --benchmark_out_format=json
# the training step: ctgrad's workspace, hand-written Eigen backprop, LibTorch (bench/training/)
./build/bench/bench/bench_training --smoke
./build/bench/bench/bench_training --benchmark_repetitions=9 --benchmark_min_time=0.1 --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true --benchmark_out=build/bench/training.json --benchmark_out_format=json
python3 bench/training/report.py build/bench/training.json "$results/training-$date.md"
# Eigen's GEMM against the BLAS LibTorch runs on, one thread each (the ratio bounds ctgrad's lead)
./build/bench/bench/bench_gemm --smoke
./build/bench/bench/bench_gemm --benchmark_repetitions=5 --benchmark_min_time=0.1 --benchmark_report_aggregates_only=true \
    | tee "$results/gemm-$date.txt"
# second order: hvp against one value_and_grad on the 784-128-10 loss (the ratio is printed)
./build/bench/bench/bench_second_order --smoke
./build/bench/bench/bench_second_order --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    | tee "$results/second-order-$date.txt"
bash scripts/compile-curve.sh | tee "$results/compile-$date.csv"
gnuplot -e "csv='$results/compile-$date.csv'; out='$results/compile-$date'" scripts/compile-curve.gnuplot
python3 bench/report.py build/bench/gradients.json "$results/compile-$date.csv" "$date" "$results" README.md
