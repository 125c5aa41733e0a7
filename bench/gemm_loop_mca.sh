#!/usr/bin/env bash
# The GEMM kernel's inner loops, timed by a model instead of a clock:
# compiles the kernel (trm-bench-gemm --keep-kernels; the kernel is
# shape-generic, so one shape serves), takes every innermost loop of its
# kernels.so that does FMAs (or VDPBF16PS) - the register tiles' k loops -
# and runs llvm-mca on each. Prints per loop its instructions, FMAs, the
# modelled cycles per iteration and the FMA ports' use (FMAs / 2 per cycle).
# On a shared host whose speed drifts by 20-30 % within minutes this is the
# one figure of the kernel's code that does not move; it leaves out memory
# (the loop's loads all hit L1 in the model).
# The model is skylake-avx512 unless MCPU says otherwise: LLVM 19's
# icelake-server model has one 512-bit FMA port, where the Xeons have two.
# Usage: bench/gemm_loop_mca.sh [trm-bench-gemm ARGS...]
#   bench/gemm_loop_mca.sh --dtype=bf16
set -euo pipefail
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BUILD_DIR:-$root/build}/bin/trm-bench-gemm
mca=$(command -v llvm-mca-19 || command -v llvm-mca || true)
if [[ -z $mca ]]; then
  echo "gemm_loop_mca.sh: llvm-mca not found (apt install llvm-19)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shape=61x530x270 # odd sizes: every tile variant is emitted anyway
"$bench" --reps=1 --keep-kernels="$work" "$@" "$shape" >/dev/null
PYTHONPATH=$root/bench python3 - "$work/$shape.so" "$mca" "${MCPU:-skylake-avx512}" <<'PY'
import re, subprocess, sys
from kernel_listing import body, instructions, is_fma, loops
library, mca, mcpu = sys.argv[1:]
code = instructions(library)
every_loop = loops(code)
inner = [l for l in every_loop
         if not any(o != l and l[0] <= o[0] and o[1] <= l[1] for o in every_loop)]
print(f"{'loop at':<10} {'instr.':>8} {'FMAs':>6} {'cycles/iter.':>14} {'FMA ports':>10}")
rows = []
for loop in inner:
    listed = [t for t in body(code, loop) if not t.startswith("j")]
    fmas = sum(map(is_fma, listed))
    if fmas == 0:
        continue
    report = subprocess.run([mca, f"-mcpu={mcpu}", "-iterations=200"],
                            input="\n".join(listed) + "\n",
                            capture_output=True, text=True, check=True).stdout
    cycles = int(re.search(r"Total Cycles:\s+(\d+)", report).group(1)) / 200
    rows.append((fmas, loop[0], len(listed), cycles))
for fmas, start, count, cycles in sorted(rows, key=lambda r: (-r[0], r[1])):
    print(f"{start:<#10x} {count:>8} {fmas:>6} {cycles:>14.2f} "
          f"{100 * fmas / (2 * cycles):>9.1f}%")
PY
