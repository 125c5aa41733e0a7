"""Writes a NaN into the first element of one tensor of a safetensors file.

Usage: poison.py FILE TENSOR. Test glue: it simulates a run that went bad.
"""
import json
import struct
import sys

path, name = sys.argv[1], sys.argv[2]
with open(path, "r+b") as f:
    (length,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(length))
    start = header[name]["data_offsets"][0]
    assert header[name]["dtype"] == "F32", header[name]["dtype"]
    f.seek(8 + length + start)
    f.write(struct.pack("<f", float("nan")))
