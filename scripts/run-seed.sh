#!/usr/bin/env bash
# The main job: build and run the seed examples (forward tables, gradients, derivative formulas).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/seed -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTGRAD_BUILD_TESTS=OFF >/dev/null
cmake --build build/seed -j2 --target seed_q1b seed_q2
./build/seed/examples/seed_q1b
echo
./build/seed/examples/seed_q2
