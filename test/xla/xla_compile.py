"""Compiles an emitted HLO or StableHLO program with XLA:CPU for SHARDS
replicas without running it: the TPU-scale plan checked on a CPU host.

Usage: xla_compile.py PROGRAM SHARDS
"""
import os
import sys
import time

import xla_common

program, shards = sys.argv[1], int(sys.argv[2])
xla_common.setup(shards)
start = time.time()
xla_common.compile_program(program, shards)
print(f"OK: {os.path.basename(program)} compiled by XLA:CPU for {shards} "
      f"replicas in {time.time() - start:.1f} s")
