#!/usr/bin/env bash
# Train-step throughput of the CPU backend: compiles CONFIG for this CPU and
# runs trm-run step, which prints ms/step, examples/s, GFLOP/s, % of the
# peak for its threads and dtype (227 GFLOP/s per core fp32, 454 bf16 where
# the kernels use VDPBF16PS, see ../shared/notes; half of it for AVX2
# kernels and on Zen 4, runtime/exec/NominalPeak.h) and peak memory. THREADS=N sets the kernels' threads;
# PROFILE=1 adds the kernels' time per step, matmul shape by shape (trm-run step --profile).
# Usage: bench/train_step.sh CONFIG [key=value ...]     (build/ must exist)
#   bench/train_step.sh configs/models/trm-sudoku-demo.yaml
#   bench/train_step.sh configs/models/trm-sudoku-baseline.yaml \
#     model.hidden_size=256 model.puzzle_emb_ndim=256 training.global_batch_size=64 \
#     model.forward_dtype=float32
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${BUILD_DIR:-$root/build}/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s%N)
"$bin/trmc" compile "$@" --target=cpu -o "$work/art"
end=$(date +%s%N)
echo "compile (trace -> kernels.so): $(( (end - start) / 1000000 )) ms"
if [[ -n ${PROFILE:-} ]]; then
  "$bin/trm-run" step "$work/art" --steps "${STEPS:-4}" \
    --threads "${THREADS:-$(nproc)}" --profile | sed -n '/^train_step:/,$p'
else
  "$bin/trm-run" step "$work/art" --steps "${STEPS:-4}" \
    --threads "${THREADS:-$(nproc)}" | tail -2
fi
