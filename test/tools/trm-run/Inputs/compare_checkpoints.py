"""Compares the F32 tensors two safetensors checkpoints share.

Usage: compare_checkpoints.py A B TOLERANCE [SKIP_PREFIX ...]. Prints the
largest difference relative to each tensor's largest magnitude and exits 1
when it exceeds TOLERANCE, or when a non-skipped tensor is missing or has
another shape. Test glue for the data-parallel test (W ranks vs one).
"""
import json
import struct
import sys
from array import array


def read(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] != "F32":
            continue
        begin, end = spec["data_offsets"]
        values = array("f")
        values.frombytes(data[begin:end])
        tensors[name] = (tuple(spec["shape"]), values)
    return tensors


a_path, b_path, tolerance = sys.argv[1], sys.argv[2], float(sys.argv[3])
skip = tuple(sys.argv[4:])
a, b = read(a_path), read(b_path)
worst, worst_name, compared = 0.0, "", 0
for name, (shape, values) in sorted(a.items()):
    if name.startswith(skip):
        continue
    if name not in b or b[name][0] != shape:
        print(f"{name}: missing or reshaped in {b_path}")
        sys.exit(1)
    other = b[name][1]
    scale = max(max((abs(x) for x in values), default=0.0), 1e-30)
    diff = max((abs(x - y) for x, y in zip(values, other)), default=0.0)
    compared += 1
    if diff / scale > worst:
        worst, worst_name = diff / scale, name
print(f"compared {compared} tensors; worst relative difference "
      f"{worst:.2e} ({worst_name})")
sys.exit(0 if worst <= tolerance else 1)
