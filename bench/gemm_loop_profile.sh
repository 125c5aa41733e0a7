#!/usr/bin/env bash
# Where a GEMM kernel's time goes, loop by loop: runs trm-bench-gemm under
# `perf record` at one shape, keeps the kernel's library
# (--keep-kernels), and shares the samples that fell in it among its
# loops (each sample to the innermost loop around it; loops found as
# backward jumps in `objdump -d`). Prints per loop its share of the
# kernel's samples, its instructions and FMAs: the register tiles' k loop
# (48 FMAs on AVX2, 4 k of 12) against the packing, epilogue and dot-product
# loops. Shares, unlike times, hold still on a shared host whose speed
# drifts within minutes.
# Usage: bench/gemm_loop_profile.sh SHAPE [trm-bench-gemm ARGS...]
#   bench/gemm_loop_profile.sh 97x16384x512t --threads=1
#   bench/gemm_loop_profile.sh 16384x512x97 --dtype=bf16
set -euo pipefail
if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BUILD_DIR:-$root/build}/bin/trm-bench-gemm
if ! command -v perf >/dev/null; then
  echo "gemm_loop_profile.sh: perf not found (apt install linux-perf)" >&2
  exit 1
fi
shape=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
perf record -q -o "$work/perf.data" "$bench" --reps=30 \
  --keep-kernels="$work" "$@" "$shape" >"$work/bench.txt"
tail -n 2 "$work/bench.txt" | head -n 1
# The library was loaded from a temporary copy: perf names it kernels.so
# and gives file offsets, not symbols.
perf report -i "$work/perf.data" --no-children --dso kernels.so \
  --sort symbol -g none -F overhead,sym 2>/dev/null >"$work/samples.txt"
PYTHONPATH=$root/bench python3 - "$work/$shape.so" "$work/samples.txt" <<'PY'
import re, subprocess, sys
from kernel_listing import body, instructions, is_fma, loops
library, samples_file = sys.argv[1:]
# File offset -> address: the executable segment's displacement.
headers = subprocess.run(["readelf", "-lW", library], capture_output=True,
                         text=True, check=True).stdout
for line in headers.splitlines():
    fields = line.split()
    if fields[:1] == ["LOAD"] and "E" in fields[6:-1]:
        displacement = int(fields[2], 16) - int(fields[1], 16)
samples = {}
for line in open(samples_file):
    m = re.match(r"\s*([\d.]+)%\s+\[\.\]\s+0x([0-9a-f]+)", line)
    if m:
        address = int(m.group(2), 16) + displacement
        samples[address] = samples.get(address, 0) + float(m.group(1))
total = sum(samples.values())
if not total:
    sys.exit("gemm_loop_profile.sh: no samples in the kernel")
code = instructions(library)
every_loop = loops(code)
shares = {}
for address, share in samples.items():
    around = [l for l in every_loop if l[0] <= address <= l[1]]
    loop = min(around, key=lambda l: l[1] - l[0]) if around else None
    shares[loop] = shares.get(loop, 0) + share
print(f"{'% samples':>9}  {'loop':<17} {'instr.':>6} {'FMAs':>5}")
for loop, share in sorted(shares.items(), key=lambda s: -s[1])[:10]:
    if loop is None:
        print(f"{100 * share / total:>8.1f}%  (outside loops)")
        continue
    listed = body(code, loop)
    where = f"{loop[0]:#x}-{loop[1]:#x}"
    print(f"{100 * share / total:>8.1f}%  {where:<17} {len(listed):>6} "
          f"{sum(map(is_fma, listed)):>5}")
PY
