#!/usr/bin/env bash
# The README's main command: install, build, make a small Sudoku dataset,
# compile a small TRM for this CPU (and as HLO), train it for a few minutes
# and print the test accuracy after every evaluation.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/build.sh" "$build"
bin=$build/bin
work=$build/demo
config=$root/configs/models/trm-sudoku-demo.yaml
mkdir -p "$work"

echo "== 1. dataset: 400 generated Sudoku puzzles x 9 augmentations, 100 test =="
"$bin/trm-data" sudoku --out "$work/data" --train 400 --test 100 --num-aug 8 \
  --seed 0 --force 2>/dev/null
echo
echo "== 2. the plan: trmc check $config =="
"$bin/trmc" check "$config" | sed -n '/# what follows/,$p'
echo
echo "== 3. compile: trm dialect -> autodiff -> LLVM kernels + HLO/StableHLO =="
start=$(date +%s)
"$bin/trmc" compile "$config" --target=all --force -o "$work/artifact"
echo "compiled in $(( $(date +%s) - start )) s: $(ls "$work/artifact" | tr '\n' ' ')"
echo
echo "== 4. train on 2 CPU cores for about 3 minutes (625 steps, 5 evaluations) =="
echo "(copying the givens would score ~0.37 cell accuracy; chance is ~0.11)"
rm -rf "$work/run" # each demo is a fresh run (an old one may hold another config)
"$bin/trm-run" train "$work/artifact" --data "$work/data" --out "$work/run" |
  grep -E "^(step +(1|100|200|300|400|500|600) |eval)"
