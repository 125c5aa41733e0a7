#!/usr/bin/env bash
# Emits one entry point as HLO or StableHLO for N replicas and checks it on
# XLA:CPU against the reference backend run on the whole batch.
# Usage: xla_check.sh BIN_DIR PYTHON FORMAT(hlo|stablehlo) ENTRY SHARDS RTOL
#                     CONFIG [key=value ...] [-- trmc flags]
set -euo pipefail
bin=$1 python=$2 format=$3 entry=$4 shards=$5 rtol=$6
shift 6
config=() flags=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do config+=("$1"); shift; done
[ $# -gt 0 ] && shift && flags=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin/trm-reference" "${config[@]}" --function "$entry" --perturb \
  --dump "$work/reference" >/dev/null
extension=$([ "$format" = hlo ] && echo hlo || echo mlir)
"$bin/trmc" compile "${config[@]}" parallelism.num_shards="$shards" \
  "${flags[@]}" --"$format"="$entry" -o "$work/$entry.$extension"
"$python" "$(dirname "$0")/xla_parity.py" "$work/$entry.$extension" \
  "$work/reference" "$shards" "$rtol"
