#!/usr/bin/env bash
# Installs what ctgrad's build, tests and examples need on Debian 12 (as root, or with sudo).
set -euo pipefail
packages=(cmake ninja-build g++ clang libclang-rt-14-dev libboost-dev libeigen3-dev catch2 graphviz zlib1g-dev dataset-fashion-mnist "$@")
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
