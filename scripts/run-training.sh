#!/usr/bin/env bash
# A full Fashion-MNIST run: 5 epochs of a 784-128-10 network, batch 64 (examples/fashion_mnist.cpp).
# Extra arguments go to the program (--epochs, --batch, --hidden, --lr, --optimizer sgd|adam, --seed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build/training -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTGRAD_BUILD_TESTS=OFF >/dev/null
cmake --build build/training -j2 --target fashion_mnist
./build/training/examples/fashion_mnist --epochs 5 "$@"
