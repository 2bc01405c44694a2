#!/usr/bin/env bash
# Installs, as root on Debian 12, every package irqsim needs to build, test
# and benchmark. Safe to run again: it installs only what is missing.
set -euo pipefail
pkgs=(cmake ninja-build g++ pkg-config libcapstone-dev libfmt-dev libcli11-dev libtomlplusplus-dev catch2
      gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
      qemu-user qemu-system-arm libunicorn-dev libbenchmark-dev gdb-multiarch
      nlohmann-json3-dev libxml2-dev)
pkgs+=(llvm-14)  # llvm-mca-14, the oracle of tests/cycles
pkgs+=(clang-14 libclang-rt-14-dev)  # the asan preset and libFuzzer (fuzz/)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
