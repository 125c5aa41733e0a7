"""Compares the lm_loss column of two `trm-run step` logs within a relative
tolerance: the same steps on the same seeded batches, by two builds of the
kernels (say, AVX-512 and AVX2), agree to rounding."""
import sys


def losses(path):
    rows = []
    with open(path) as log:
        for line in log:
            fields = line.split()
            if len(fields) == 5 and fields[0].isdigit():
                rows.append(float(fields[1]))
    return rows


first, second = losses(sys.argv[1]), losses(sys.argv[2])
tolerance = float(sys.argv[3])
if not first or len(first) != len(second):
    sys.exit(f"compare_step_losses: {len(first)} steps in {sys.argv[1]}, "
             f"{len(second)} in {sys.argv[2]}")
worst = max(abs(a - b) / max(abs(a), 1e-30) for a, b in zip(first, second))
if worst > tolerance:
    sys.exit(f"compare_step_losses: relative difference {worst:.3g} > "
             f"{tolerance}")
print(f"{len(first)} steps agree: worst relative difference {worst:.3g} "
      f"<= {tolerance}")
