#!/usr/bin/env bash
# Installs the Debian 12 packages trmc needs, only those missing (idempotent).
set -euo pipefail

packages=(
  build-essential cmake ninja-build python3 git
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools clang-19 lld-19
  libomp-19-dev clang-format-19
  libeigen3-dev libyaml-cpp-dev libprotobuf-dev protobuf-compiler
  libopenmpi-dev openmpi-bin libgtest-dev nlohmann-json3-dev python3-numpy python3-venv
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "trmc: installing ${#missing[@]} missing packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
