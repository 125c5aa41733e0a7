"""bf16 vs f32 forward step on the reference backend: the documented
tolerance of the bfloat16 policy (trm-cast-bf16).

Usage: bf16_tolerance.py F32_DUMP BF16_DUMP
Passes when every output differs by at most 5 % of its largest magnitude,
and by more than 1e-4 (the bf16 program really rounds).
"""
import os
import sys

import numpy as np

f32_dir, bf16_dir = sys.argv[1], sys.argv[2]
for name in ["carry__zH", "carry__zL", "logits", "q_logits"]:
    a = np.load(os.path.join(f32_dir, f"result__{name}.npy"))
    b = np.load(os.path.join(bf16_dir, f"result__{name}.npy"))
    error = np.abs(a - b).max() / np.abs(a).max()
    print(f"{name:10s} max |bf16 - f32| / max |f32| = {error:.2e}")
    if not (1e-4 < error <= 5e-2):
        sys.exit(f"FAIL: {name}: {error:.2e} outside (1e-4, 5e-2]")
print("OK: bf16 within the documented 5 % of f32")
