"""Damages a manifest.pb the way a bad disk or a careless edit would.

Usage: damage_manifest.py FILE name-tag|varint-high-bits|truncate. Test glue:
* name-tag: the first tensor name's field tag (1, bytes) becomes field 3
  (packed int64: the shape), so the name parses as huge dimensions;
* varint-high-bits: the last byte of a 10-byte varint of -1 gets bits that
  a lenient parser ignores (the value reads the same);
* truncate: the second half is cut off.
"""
import sys

path, how = sys.argv[1], sys.argv[2]
with open(path, "rb") as f:
    data = bytearray(f.read())
if how == "name-tag":
    at = data.find(b"params/") - 2  # tag, one-byte length, the name
    assert at >= 0 and data[at] == (1 << 3) | 2, "no tensor name found"
    data[at] = (3 << 3) | 2
elif how == "varint-high-bits":
    at = data.find(b"\xff" * 9 + b"\x01") + 9
    assert at >= 9, "no varint of -1 found"
    data[at] = 0x05
elif how == "truncate":
    data = data[: len(data) // 2]
else:
    sys.exit("unknown damage " + how)
with open(path, "wb") as f:
    f.write(data)
