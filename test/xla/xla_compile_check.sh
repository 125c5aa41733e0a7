#!/usr/bin/env bash
# Emits an entry point for N replicas and has XLA:CPU compile it.
# Usage: xla_compile_check.sh BIN_DIR PYTHON FORMAT ENTRY SHARDS CONFIG [key=value ...]
set -euo pipefail
bin=$1 python=$2 format=$3 entry=$4 shards=$5
shift 5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
extension=$([ "$format" = hlo ] && echo hlo || echo mlir)
"$bin/trmc" compile "$@" parallelism.num_shards="$shards" \
  --"$format"="$entry" -o "$work/$entry.$extension"
"$python" "$(dirname "$0")/xla_compile.py" "$work/$entry.$extension" "$shards"
