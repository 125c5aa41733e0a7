"""Edits a trm-run safetensors checkpoint in place. Test glue.

Usage: edit_checkpoint.py FILE ACTION [TENSOR]
* poison TENSOR: a NaN in the tensor's first element (F32), the checksum
  resealed: a run that went bad, not a damaged file;
* flip: one bit of the last byte flipped, the checksum left: a damaged file;
* legacy: rewritten as format trmc-checkpoint-1, which had no checksum.
"""
import json
import struct
import sys

CHECKSUM_KEY = "trm.fnv1a64"


def fnv1a(data, digest=0xCBF29CE484222325):
    for byte in data:
        digest = ((digest ^ byte) * 0x100000001B3) % (1 << 64)
    return digest


def checksum(metadata, data):
    digest = fnv1a(b"")
    for key in sorted(metadata):
        if key != CHECKSUM_KEY:
            digest = fnv1a(key.encode() + b"\0", digest)
            digest = fnv1a(metadata[key].encode() + b"\0", digest)
    return "%016x" % fnv1a(data, digest)


path, action = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    (length,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(length))
    data = bytearray(f.read())
metadata = header["__metadata__"]
if action == "poison":
    entry = header[sys.argv[3]]
    assert entry["dtype"] == "F32", entry["dtype"]
    start = entry["data_offsets"][0]
    data[start : start + 4] = struct.pack("<f", float("nan"))
    metadata[CHECKSUM_KEY] = checksum(metadata, data)
elif action == "flip":
    data[-1] ^= 1
elif action == "legacy":
    metadata.pop(CHECKSUM_KEY)
    metadata["format"] = "trmc-checkpoint-1"
else:
    sys.exit("unknown action " + action)
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * ((8 - len(text) % 8) % 8)
with open(path, "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + data)
