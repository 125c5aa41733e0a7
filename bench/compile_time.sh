#!/usr/bin/env bash
# Compile time of CONFIG per target (default: the baseline): the trm program
# through the grad/sharded phases, HLO + StableHLO, and CPU kernels.
# Usage: bench/compile_time.sh [CONFIG [key=value ...]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
config=("${@:-$root/configs/models/trm-sudoku-baseline.yaml}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in hlo cpu; do
  start=$(date +%s%N)
  "$bin/trmc" compile "${config[@]}" --target=$target -o "$work/$target"
  end=$(date +%s%N)
  echo "--target=$target: $(( (end - start) / 1000000 )) ms"
done
