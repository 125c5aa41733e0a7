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

shards = int(sys.argv[3])
os.environ["JAX_PLATFORMS"] = "cpu"
os.environ["XLA_FLAGS"] = f"--xla_force_host_platform_device_count={shards}"

import jax  # noqa: E402
import jax.extend.mlir as jax_mlir  # noqa: E402
import numpy as np  # noqa: E402
from jax.extend import backend as jax_backend  # noqa: E402
from jax.sharding import Mesh, NamedSharding, PartitionSpec  # noqa: E402

program, dump, rtol = sys.argv[1], sys.argv[2], float(sys.argv[4])
signature = json.load(open(os.path.join(dump, "signature.json")))


def load(kind, name):
    return np.load(os.path.join(dump, f"{kind}__{name.replace('/', '__')}.npy"))


def batch_sharded(name):
    return name.split("/")[0] in ("carry", "batch", "rng") or name in (
        "logits", "q_halt")


def hlo_module_from_text(text):
    try:  # jaxlib >= 0.10.2
        from jaxlib import _hlo
        return _hlo.hlo_module_from_text(text)
    except ImportError:
        from jax._src.lib import xla_client
        return xla_client._xla.hlo_module_from_text(text)


text = open(program).read()
if program.endswith(".hlo"):
    module = hlo_module_from_text(text)
    computation = jax_mlir.hlo_to_stablehlo(
        module.as_serialized_hlo_module_proto())
else:
    computation = text
devices = jax.devices("cpu")[:shards]
client = jax_backend.get_backend("cpu")
options = jax_backend.get_compile_options(
    num_replicas=shards, num_partitions=1,
    device_assignment=np.arange(shards).reshape(shards, 1))
executable = client.compile_and_load(computation, devices, options)

# Replica style: one buffer per device, wrapped as one array over the mesh.
mesh = Mesh(np.array(devices), ("r",))
numpy_dtype = {"f32": np.float32, "f64": np.float64, "i32": np.int32,
               "i1": np.bool_, "bf16": jax.numpy.bfloat16}
inputs = []
for name, dtype in zip(signature["arguments"], signature["argument_dtypes"]):
    value = load("arg", name).astype(numpy_dtype[dtype])
    parts = (np.split(value, shards) if batch_sharded(name)
             else [value] * shards)
    buffers = [jax.device_put(np.array(p), d)  # keeps 0-d arrays 0-d
               for p, d in zip(parts, devices)]
    inputs.append(jax.make_array_from_single_device_arrays(
        parts[0].shape, NamedSharding(mesh, PartitionSpec()), buffers))
outputs = executable.execute_sharded(inputs)
per_device = outputs.disassemble_into_single_device_arrays()

worst = 0.0
for name, replicas in zip(signature["results"], per_device):
    got = [np.asarray(r).astype(np.float64) for r in replicas]
    want = load("result", name)
    if batch_sharded(name):
        got = np.concatenate(got)
    else:
        for g in got[1:]:
            if not np.array_equal(g, got[0]):
                sys.exit(f"FAIL: replicated output {name} differs between "
                         "replicas")
        got = got[0]
    if got.shape != want.shape:
        sys.exit(f"FAIL: {name} has shape {got.shape}, expected {want.shape}")
    scale = max(float(np.max(np.abs(want))), 1e-30)
    error = float(np.max(np.abs(got - want))) / scale if want.size else 0.0
    worst = max(worst, error)
    if not error <= rtol:
        sys.exit(f"FAIL: {name} differs by {error:.2e} > {rtol:.0e}")
print(f"OK: {len(signature['results'])} outputs of {os.path.basename(program)}"
      f" on XLA:CPU x{shards} match the reference (worst {worst:.2e})")
