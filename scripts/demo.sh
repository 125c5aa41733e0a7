#!/usr/bin/env bash
# The README's main command. Today: install, build, validate the example
# configs and compile the tiny TRM to trm-dialect IR, printing it.
# (Training and accuracy join when the CPU backend and trm-run land.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/scripts/build.sh" "$build"
bin=$build/bin
config=$root/configs/models/trm-sudoku-tiny.yaml

echo "== trmc check: the baseline of TRM_SPEC.md =="
"$bin/trmc" check "$root/configs/models/trm-sudoku-baseline.yaml" | sed -n '/# what follows/,$p'
echo
echo "== trmc compile $config --emit=trm =="
"$bin/trmc" compile "$config" --emit=trm
echo
echo "== the same program with the recursion unrolled: ops per phase =="
for phase in trm bf16 grad sharded unrolled; do
  printf '%-10s %6d ops\n' "$phase" \
    "$("$bin/trmc" compile "$config" --emit=$phase | grep -c ' = \(trm\.\|call\)')"
done
