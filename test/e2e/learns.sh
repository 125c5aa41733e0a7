#!/usr/bin/env bash
# End to end: generate Sudoku, compile the demo TRM for this CPU, train 250
# steps (40 of its 100 epochs, ~75 s on 2 cores), and require test cell
# accuracy clearly above copying the givens (~0.37): real learning, not a
# smoke test.
# Usage: learns.sh BIN_DIR CONFIG
set -euo pipefail
bin=$1 config=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/trm-data" sudoku --out "$work/data" --train 400 --test 100 \
  --num-aug 8 --seed 0 2>/dev/null >/dev/null
"$bin/trmc" compile "$config" training.epochs=40 --target=cpu -o "$work/art"
"$bin/trm-run" train "$work/art" --data "$work/data" --out "$work/run" |
  grep eval
accuracy=$(tail -1 "$work/run/metrics.jsonl" |
  sed 's/.*"eval\/accuracy": \([0-9.e-]*\).*/\1/')
if awk -v a="$accuracy" 'BEGIN { exit !(a > 0.42) }'; then
  echo "OK: test cell accuracy $accuracy > 0.42 (copying the givens: ~0.37)"
else
  echo "FAIL: test cell accuracy $accuracy is not above 0.42"
  exit 1
fi
