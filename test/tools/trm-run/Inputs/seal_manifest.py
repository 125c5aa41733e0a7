"""Seals a manifest.pb that protoc encoded from an edited manifest.textproto.

Usage: seal_manifest.py FILE. Test glue: the textproto's manifest_hash line
must have been deleted; this appends field 12 (fixed64) holding FNV-1a 64 of
the bytes before it, as trmc does, so that trm-run reads past its own
integrity check to the check under test (a manifest written by another
trmc, not a damaged one).
"""
import struct
import sys

path = sys.argv[1]
with open(path, "rb") as f:
    data = f.read()
digest = 0xCBF29CE484222325
for byte in data:
    digest = ((digest ^ byte) * 0x100000001B3) % (1 << 64)
MANIFEST_HASH_TAG = (12 << 3) | 1  # field 12, wire type 1 (64-bit)
with open(path, "wb") as f:
    f.write(data + bytes([MANIFEST_HASH_TAG]) + struct.pack("<Q", digest))
