#!/usr/bin/env bash
# Compile time and peak memory of value_and_grad over scalar MLPs of growing size, with
# g++ and clang++ (-O2, one job at a time). Writes CSV to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
echo "compiler,network,parameters,seconds,peak_mib"
for cxx in g++ clang++; do
    for net in "2 2 1" "4 8 3" "4 16 3" "8 32 4"; do
        set -- $net
        extra=""
        [ "$cxx" = clang++ ] && extra="-fconstexpr-steps=100000000"
        /usr/bin/time -f "%e %M" -o "$out/time" $cxx -std=c++20 -O2 $extra -Iinclude -DIN=$1 -DHIDDEN=$2 -DOUT=$3 \
            bench/compile/mlp.cpp -o "$out/mlp"
        read -r seconds kib < "$out/time"
        params=$(( $2 * ($1 + 1) + $3 * ($2 + 1) ))
        echo "$cxx,$1-$2-$3,$params,$seconds,$(( kib / 1024 ))"
        "$out/mlp" >/dev/null
    done
done
rm -rf "$out"
