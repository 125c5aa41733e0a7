"""Compiling trmc's emitted HLO / StableHLO text with jaxlib's XLA:CPU.

Import after setting XLA_FLAGS (device count) and JAX_PLATFORMS=cpu; use
`setup(shards)` for that.
"""
import os


def setup(shards):
    """Fakes `shards` CPU devices; call before importing jax."""
    os.environ["JAX_PLATFORMS"] = "cpu"
    os.environ["XLA_FLAGS"] = f"--xla_force_host_platform_device_count={shards}"


def hlo_module_from_text(text):
    """HLO text -> HloModule (the binding moved into jaxlib._hlo in 0.10.2)."""
    try:
        from jaxlib import _hlo
        return _hlo.hlo_module_from_text(text)
    except ImportError:
        from jax._src.lib import xla_client
        return xla_client._xla.hlo_module_from_text(text)


def compile_program(path, shards):
    """Compiles an .hlo or StableHLO .mlir file for `shards` replicas."""
    import jax
    import jax.extend.mlir as jax_mlir
    import numpy as np
    from jax.extend import backend as jax_backend

    text = open(path).read()
    if path.endswith(".hlo"):
        proto = hlo_module_from_text(text).as_serialized_hlo_module_proto()
        computation = jax_mlir.hlo_to_stablehlo(proto)
    else:
        computation = text
    options = jax_backend.get_compile_options(
        num_replicas=shards, num_partitions=1,
        device_assignment=np.arange(shards).reshape(shards, 1))
    devices = jax.devices("cpu")[:shards]
    return jax_backend.get_backend("cpu").compile_and_load(
        computation, devices, options), devices
