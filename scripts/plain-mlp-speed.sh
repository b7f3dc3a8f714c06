#!/usr/bin/env bash
# Run time of the plain scalar MLPs of issue 12 (one var per weight, sums spelled out with +;
# scripts/gen_plain_mlp.py --speed): value_and_grad against the same network's backward pass
# written by hand, with g++ and clang++, medians of 20 interleaved repetitions. Each program
# first checks that the two agree (a disagreement fails the script).
#   bash scripts/plain-mlp-speed.sh [IN-HIDDEN-OUT ...]   (default: 2-2-1 4-8-3 4-16-3 8-32-4)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh libbenchmark-dev python3
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2-2-1 4-8-3 4-16-3 8-32-4)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| compiler | network | hand-written ns | ctgrad ns | ctgrad / hand |"
echo "|---|---|---|---|---|"
for cxx in g++ clang++; do
    for size in "${sizes[@]}"; do
        IFS=- read -r n_in n_hidden n_out <<< "$size"
        python3 scripts/gen_plain_mlp.py "$n_in" "$n_hidden" "$n_out" --speed > "$out/speed.cpp"
        "$cxx" -std=c++20 -O2 -Iinclude -I/usr/include/eigen3 "$out/speed.cpp" -o "$out/speed" -lbenchmark -lpthread
        "$out/speed" --benchmark_repetitions=20 --benchmark_min_time=0.02 --benchmark_enable_random_interleaving=true \
            --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null > "$out/times.csv"
        hand=$(grep '/hand_written_median"' "$out/times.csv" | cut -d, -f3)
        ours=$(grep '/ctgrad_median"' "$out/times.csv" | cut -d, -f3)
        awk -v c="$cxx" -v s="$size" -v h="$hand" -v o="$ours" \
            'BEGIN { printf "| %s | %s | %.1f | %.1f | %.2fx |\n", c, s, h, o, o / h }'
    done
done
