#!/usr/bin/env bash
# trm-run train writes TensorBoard event files that TensorBoard itself reads,
# with the same numbers as metrics.jsonl. Usage: tensorboard.sh BIN VENV CONFIG
set -euo pipefail
bin=$1 venv=$2 config=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/trm-data" sudoku --out "$work/data" --train 32 --test 12 --num-aug 2 \
  --seed 3 >/dev/null 2>&1
"$bin/trmc" compile "$config" training.global_batch_size=8 \
  model.hidden_size=16 model.puzzle_emb_ndim=16 model.H_cycles=1 \
  model.L_cycles=1 model.halt_max_steps=2 training.epochs=2 \
  training.eval_interval=1 data.groups=32 --target=cpu -o "$work/art"
"$bin/trm-run" train "$work/art" --data "$work/data" --out "$work/run" \
  --max-steps 6 >/dev/null
"$venv/bin/python" "$(dirname "$0")/read_events.py" "$work/run" 6
