#!/usr/bin/env bash
# The issue-4 train-step matrix: D=512 B=16 and D=256 B=64 (baseline MLP-T
# otherwise), fp32 and bf16, on 1 and 2 threads. For each: compile time,
# ms/step, examples/s, GFLOP/s, % of the thread- and dtype-aware peak
# (227 GFLOP/s per core fp32, 454 bf16 with VDPBF16PS, shared/notes; half
# of it for AVX2 kernels and on Zen 4; 16 x 227 bf16 on AMX tiles:
# runtime/exec/NominalPeak.h), peak
# memory, and the step's temporaries (the buffer pool's peak beside the
# manifest's estimate).
# trm-bench-peak runs before and after: what the (shared) host delivered
# while the matrix ran, next to that nominal peak.
# Usage: bench/train_step_matrix.sh            (build/ must exist; ~4 min)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
config=$root/configs/models/trm-sudoku-baseline.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "host before:"
"$bin/trm-bench-peak" --reps=3 | sed 's/^/  /'
for shape in "512 16" "256 64"; do
  read -r width batch <<<"$shape"
  for dtype in float32 bfloat16; do
    art=$work/d$width-b$batch-$dtype
    start=$(date +%s%N)
    "$bin/trmc" compile "$config" model.hidden_size=$width \
      model.puzzle_emb_ndim=$width training.global_batch_size=$batch \
      model.forward_dtype=$dtype --target=cpu -o "$art"
    end=$(date +%s%N)
    echo "D=$width B=$batch $dtype: compile $(( (end - start) / 1000000 )) ms"
    for threads in 1 2; do
      "$bin/trm-run" step "$art" --steps "${STEPS:-4}" --threads $threads |
        grep -E '^(train_step|peak memory|temporaries):' |
        sed "s/^/  $threads thread(s): /"
    done
  done
done
echo "host after:"
"$bin/trm-bench-peak" --reps=3 | sed 's/^/  /'
