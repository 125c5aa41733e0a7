#!/usr/bin/env bash
# Interleaved A/B of GEMM speed: runs each trm-bench-gemm binary in turn,
# ROUNDS times, and prints per shape the median (and best) of the rounds'
# median GFLOP/s (comparable whatever peak each binary divides by), or with
# METRIC=host their "% host" (GFLOP/s over the host's own FMA rate measured
# right before the shape: steadier on a host whose speed drifts), or with
# METRIC=besthost each round's fastest run against the fastest host loop
# of the whole comparison (all shapes, rounds and binaries): the kernel
# unhindered against the FMA pipes unhindered, which neither a slow
# neighbour nor one disturbed host reading drags down. On a shared host
# whose speed drifts within minutes, only alternating runs compare two
# builds fairly. trm-bench-blas prints the same table: it can be one of them.
# Usage: bench/gemm_ab.sh ROUNDS "SHAPES" "ARGS" BENCH_BINARY...
#   bench/gemm_ab.sh 3 "97x16384x1024t 512x1552x3072t" "--dtype=bf16 --threads=2" \
#     /tmp/old/trm-bench-gemm build/bin/trm-bench-gemm
set -euo pipefail
if (($# < 4)); then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
rounds=$1 shapes=$2 args=$3
shift 3
results=$(mktemp)
trap 'rm -rf "$results"' EXIT
for _ in $(seq "$rounds"); do
  for bench in "$@"; do
    # shellcheck disable=SC2086 # ARGS and SHAPES are word lists
    "$bench" $args --reps="${REPS:-5}" $shapes |
      awk -v who="$bench" -v metric="${METRIC:-gflops}" '
      # Builds before best/h print one % column fewer.
      /^shape/ { late = /best\/h/ }
      /%/ && $1 ~ /x/ {
        suffix = ($2 == "A^T") ? "t" : ($2 == "GLU") ? "g" : ($2 == "GLU+P") ? "gp" : ""
        for (i = 2; i <= NF && $i !~ /%$/; i++) {}
        rate = $(i - 1)
        host = $(NF - 2 - late)
        sub(/~$/, "", host) # "~": the host moved during the shape
        if (metric == "host") rate = $(NF - 1 - late)
        if (metric == "besthost" && !late) {
          print "gemm_ab.sh: " who " prints no best/h column" > "/dev/stderr"
          exit 1
        }
        # best GFLOP/s, from best/h and host
        if (metric == "besthost") rate = $(NF - 1) * host / 100
        sub(/%$/, "", rate)
        print who, $1 suffix, rate, host }' >>"$results"
  done
done
python3 - "$results" "${METRIC:-gflops}" "$@" <<'PY'
import collections, statistics, sys
metric = sys.argv[2]
runs = collections.defaultdict(list)
shapes = []
hosts = []
for line in open(sys.argv[1]):
    who, shape, rate, host = line.split()
    runs[(shape, who)].append(float(rate))
    hosts.append(float(host))
    if shape not in shapes:
        shapes.append(shape)
if metric == "besthost":
    fastest = max(hosts)
    for key in runs:
        runs[key] = [100 * rate / fastest for rate in runs[key]]
    print(f"against the fastest host loop: {fastest:.1f} GFLOP/s")
benches = sys.argv[3:]
print("shape".ljust(20) + "".join(f"{'#' + str(i + 1):>22}" for i in range(len(benches))))
for shape in shapes:
    cells = [runs[(shape, b)] for b in benches]
    print(shape.ljust(20) + "".join(
        f"{statistics.median(c):>10.1f} (best {max(c):5.1f})" for c in cells))
for i, b in enumerate(benches):
    print(f"#{i + 1}: {b}")
PY
