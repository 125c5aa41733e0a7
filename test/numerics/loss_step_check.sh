#!/usr/bin/env bash
# Runs one TRM supervision step and its loss (@loss_step) on the reference
# backend and checks them against the numpy implementation in loss_step_numpy.py.
# Usage: forward_check.sh TRM_REFERENCE PYTHON CONFIG [key=value ...]
set -euo pipefail
reference=$1 python=$2
shift 2
dump=$(mktemp -d)
trap 'rm -rf "$dump"' EXIT
"$reference" "$@" model.forward_dtype=float32 --perturb \
  --function loss_step --dump "$dump"
"$python" "$(dirname "$0")/loss_step_numpy.py" "$dump" 1e-5
