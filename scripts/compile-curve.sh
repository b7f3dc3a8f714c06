#!/usr/bin/env bash
# Compile-time benchmark (Hana's metabench approach): generated inputs of growing size,
# each compiled alone at -O2 with g++ and clang++, seconds and peak memory per size.
#   sum:   value_and_grad of x_0 + ... + x_{n-1}          (bench/compile/sum.cpp)
#   chain: value_and_grad of n nested unary operations    (bench/compile/chain.cpp)
#   mlp:   value_and_grad of a scalar MLP, n = parameters (bench/compile/mlp.cpp)
#   tensor_mlp: a tensor MLP in a workspace, batch 64, n = parameters (bench/compile/tensor_mlp.cpp)
# Writes CSV (compiler,benchmark,size,n,seconds,peak_mib) to stdout; every built program is
# run, so a miscompiled input fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "compiler,benchmark,size,n,seconds,peak_mib"
measure() {  # compiler benchmark size n source flags...
    local cxx=$1 bench=$2 size=$3 n=$4 source=$5
    shift 5
    local extra=""
    [ "$cxx" = clang++ ] && extra="-fconstexpr-steps=100000000"
    /usr/bin/time -f "%e %M" -o "$out/time" "$cxx" -std=c++20 -O2 $extra -Iinclude "$@" "$source" -o "$out/program"
    read -r seconds kib < "$out/time"
    "$out/program" >/dev/null
    echo "$cxx,$bench,$size,$n,$seconds,$(( kib / 1024 ))"
}
for cxx in g++ clang++; do
    for n in 16 32 64 128 256; do
        measure "$cxx" sum "$n" "$n" bench/compile/sum.cpp -DTERMS="$n"
    done
    for n in 16 32 64 128 256; do
        measure "$cxx" chain "$n" "$n" bench/compile/chain.cpp -DOPERATIONS="$n"
    done
    for net in "2 2 1" "4 8 3" "4 16 3" "8 32 4"; do
        set -- $net
        measure "$cxx" mlp "$1-$2-$3" $(( $2 * ($1 + 1) + $3 * ($2 + 1) )) bench/compile/mlp.cpp \
            -DIN="$1" -DHIDDEN="$2" -DOUT="$3"
    done
    for net in "4 16 3" "64 32 10" "784 128 10" "784 512 10"; do
        set -- $net
        measure "$cxx" tensor_mlp "$1-$2-$3" $(( $2 * ($1 + 1) + $3 * ($2 + 1) )) bench/compile/tensor_mlp.cpp \
            -I/usr/include/eigen3 -DIN="$1" -DHIDDEN="$2" -DOUT="$3" -DBATCH=64
    done
done
