"""Runs trmc's emitted HLO or StableHLO on XLA:CPU and compares every output
with the reference backend on the same inputs.

Usage: xla_parity.py PROGRAM DUMP_DIR SHARDS RTOL
  PROGRAM   .hlo (HLO text) or .mlir (StableHLO text) of one entry point,
            traced for SHARDS data-parallel replicas
  DUMP_DIR  `trm-reference --dump` of the same entry point at SHARDS=1 on
            the whole global batch (arg__*.npy, result__*.npy, signature.json)
  RTOL      allowed max |xla - reference| / max |reference| per output
Batch-sharded values (carry/*, batch/*, rng/*, logits, q_halt) are split by
rows across the replicas; everything else is replicated.
"""
import json
import os
import sys

import xla_common

program, dump, shards, rtol = (sys.argv[1], sys.argv[2], int(sys.argv[3]),
                               float(sys.argv[4]))
xla_common.setup(shards)

import jax  # noqa: E402
import numpy as np  # noqa: E402
from jax.sharding import Mesh, NamedSharding, PartitionSpec  # noqa: E402

NUMPY_DTYPE = {"f32": np.float32, "f64": np.float64, "i32": np.int32,
               "i1": np.bool_, "bf16": jax.numpy.bfloat16}


def load(kind, name):
    return np.load(os.path.join(dump, f"{kind}__{name.replace('/', '__')}.npy"))


def batch_sharded(name):
    return name.split("/")[0] in ("carry", "batch", "rng") or name in (
        "logits", "q_halt")


signature = json.load(open(os.path.join(dump, "signature.json")))
executable, devices = xla_common.compile_program(program, shards)

# Replica style: one buffer per device, wrapped as one array over the mesh.
mesh = Mesh(np.array(devices), ("r",))
inputs = []
for name, dtype in zip(signature["arguments"], signature["argument_dtypes"]):
    value = load("arg", name).astype(NUMPY_DTYPE[dtype])
    parts = np.split(value, shards) if batch_sharded(name) else [value] * shards
    buffers = [jax.device_put(np.array(part), device)  # keeps 0-d arrays 0-d
               for part, device in zip(parts, devices)]
    inputs.append(jax.make_array_from_single_device_arrays(
        parts[0].shape, NamedSharding(mesh, PartitionSpec()), buffers))
per_device = executable.execute_sharded(
    inputs).disassemble_into_single_device_arrays()

worst = 0.0
for name, replicas in zip(signature["results"], per_device):
    got = [np.asarray(r).astype(np.float64) for r in replicas]
    want = load("result", name)
    if batch_sharded(name):
        got = np.concatenate(got)
    else:
        if any(not np.array_equal(g, got[0]) for g in got[1:]):
            sys.exit(f"FAIL: replicated output {name} differs between replicas")
        got = got[0]
    if got.shape != want.shape:
        sys.exit(f"FAIL: {name} has shape {got.shape}, expected {want.shape}")
    scale = max(float(np.max(np.abs(want))), 1e-30) if want.size else 1.0
    error = float(np.max(np.abs(got - want))) / scale if want.size else 0.0
    worst = max(worst, error)
    if not error <= rtol:
        sys.exit(f"FAIL: {name} differs by {error:.2e} > {rtol:.0e}")
print(f"OK: {len(signature['results'])} outputs of {os.path.basename(program)} "
      f"on XLA:CPU x{shards} match the reference (worst {worst:.2e})")
