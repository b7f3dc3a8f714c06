#!/usr/bin/env bash
# Compile cost of two library trees, measured back to back (this machine's speed drifts by up
# to 40 % within a day, so only interleaved runs compare): each input is compiled with one
# tree, then the other, REPS times, and the median seconds and peak MiB of each are printed.
#   usage: bash scripts/compile-compare.sh BASELINE_TREE [CANDIDATE_TREE] [REPS]
# (CANDIDATE_TREE defaults to this checkout, REPS to 3; ONLY=REGEX keeps the cases whose
# "compiler input" matches, as ONLY='plain 8-32-4'.) Inputs: the plain scalar MLPs
# 8-32-4 and 16-64-8 (scripts/gen_plain_mlp.py) with g++ -O2 and clang++ -O2 (no extra
# flags), the 784-128-10 tensor MLP and the sum of 256 terms (bench/compile) with g++ -O2.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
base="$(cd "$1" && pwd)"
cand="$(cd "${2:-$here}" && pwd)"
reps="${3:-3}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 "$here/scripts/gen_plain_mlp.py" 8 32 4 > "$out/plain_8_32_4.cpp"
python3 "$here/scripts/gen_plain_mlp.py" 16 64 8 > "$out/plain_16_64_8.cpp"
cases=(
    "g++|plain 8-32-4|$out/plain_8_32_4.cpp|"
    "clang++|plain 8-32-4|$out/plain_8_32_4.cpp|"
    "g++|plain 16-64-8|$out/plain_16_64_8.cpp|"
    "clang++|plain 16-64-8|$out/plain_16_64_8.cpp|"
    "g++|tensor 784-128-10|bench/compile/tensor_mlp.cpp|-DIN=784 -DHIDDEN=128 -DOUT=10 -DBATCH=64"
    "g++|sum 256|bench/compile/sum.cpp|-DTERMS=256"
)
measure() {  # tree compiler source flags -> "seconds kib", or "failed"
    local tree=$1 cxx=$2 source=$3 flags=$4
    case "$source" in /*) ;; *) source="$tree/$source" ;; esac
    # shellcheck disable=SC2086
    if /usr/bin/time -f "%e %M" -o "$out/time" "$cxx" -std=c++20 -O2 -I"$tree/include" -I/usr/include/eigen3 \
            $flags "$source" -o "$out/program" 2>"$out/errors"; then
        "$out/program" > /dev/null
        cat "$out/time"
    else
        echo "compile-compare: $cxx failed on $source with $tree/include:" >&2
        head -c 2000 "$out/errors" >&2
        exit 1
    fi
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
printf "%-9s %-18s %22s %22s %7s\n" compiler input "baseline s (MiB)" "candidate s (MiB)" ratio
for c in "${cases[@]}"; do
    IFS='|' read -r cxx name source flags <<< "$c"
    if [[ -n "${ONLY:-}" ]] && ! grep -qE "${ONLY}" <<< "$cxx $name"; then continue; fi
    : > "$out/base"; : > "$out/cand"
    for ((r = 0; r < reps; ++r)); do
        measure "$base" "$cxx" "$source" "$flags" >> "$out/base" || exit 1
        measure "$cand" "$cxx" "$source" "$flags" >> "$out/cand" || exit 1
    done
    bs=$(cut -d' ' -f1 "$out/base" | median); bm=$(cut -d' ' -f2 "$out/base" | median)
    cs=$(cut -d' ' -f1 "$out/cand" | median); cm=$(cut -d' ' -f2 "$out/cand" | median)
    printf "%-9s %-18s %14.1f (%5d) %14.1f (%5d) %7.2f\n" "$cxx" "$name" "$bs" $((${bm%.*} / 1024)) "$cs" \
        $((${cm%.*} / 1024)) "$(awk -v a="$cs" -v b="$bs" 'BEGIN {print a / b}')"
done
