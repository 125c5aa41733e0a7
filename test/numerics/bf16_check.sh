#!/usr/bin/env bash
# Runs the forward step in f32 and in bf16 and checks bf16_tolerance.py.
# Usage: bf16_check.sh TRM_REFERENCE PYTHON CONFIG [key=value ...]
set -euo pipefail
reference=$1 python=$2
shift 2
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
for dtype in float32 bfloat16; do
  "$reference" "$@" model.forward_dtype=$dtype --perturb \
    --function forward_step --dump "$dump/$dtype"
done
"$python" "$(dirname "$0")/bf16_tolerance.py" "$dump/float32" "$dump/bfloat16"
