#!/usr/bin/env bash
# A full Fashion-MNIST run: 5 epochs of a 784-128-10 network, batch 64 (examples/fashion_mnist.cpp).
# Extra arguments go to the program (--epochs, --batch, --hidden, --lr, --optimizer sgd|adam, --seed).
#   scripts/run-training.sh --compare [--model mlp|cnn] [--optimizer adam] [--epochs N]
# trains the same network in ctgrad and in LibTorch from one seed instead (bench/training/
# fashion_mnist.cpp): time per epoch, loss, test accuracy and peak memory side by side.
#   scripts/run-training.sh --cnn [--epochs N] [--threads N]
# trains the convolutional network (examples/fashion_mnist_cnn.cpp) with Adam, 5 epochs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--compare" ]; then
    shift
    bash scripts/install-deps.sh libbenchmark-dev libtorch-dev libadolc-dev libopenblas0-openmp
    cmake -S . -B build/training -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTGRAD_BUILD_TESTS=OFF \
          -DCTGRAD_BUILD_BENCHMARKS=ON >/dev/null
    cmake --build build/training -j2 --target bench_fashion_mnist
    exec ./build/training/bench/bench_fashion_mnist "$@"
fi
if [ "${1:-}" = "--cnn" ]; then
    shift
    bash scripts/install-deps.sh
    cmake -S . -B build/training -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTGRAD_BUILD_TESTS=OFF >/dev/null
    cmake --build build/training -j2 --target fashion_mnist_cnn
    exec ./build/training/examples/fashion_mnist_cnn --epochs 5 "$@"
fi
bash scripts/install-deps.sh
cmake -S . -B build/training -G Ninja -DCMAKE_BUILD_TYPE=Release -DCTGRAD_BUILD_TESTS=OFF >/dev/null
cmake --build build/training -j2 --target fashion_mnist
./build/training/examples/fashion_mnist --epochs 5 "$@"
