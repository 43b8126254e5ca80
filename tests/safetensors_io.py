"""safetensors files with the standard library only (there is no safetensors package here):
u64 little-endian header length, JSON header, raw data. Used by tests/make_fixtures.py and
tests/cli/safetensors_tool.py. A tensor is (dtype, shape, raw little-endian bytes)."""
import json
import struct


def read(path):
    """({name: (dtype, shape, raw bytes)}, metadata) of a safetensors file."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", {})
    data = blob[8 + n:]
    return {k: (v["dtype"], v["shape"], data[v["data_offsets"][0]:v["data_offsets"][1]])
            for k, v in header.items()}, meta


def write(path, tensors, metadata=None, header_text=None):
    """Tensors in name order, the header padded to 8 bytes; header_text (for malformed test
    files) replaces the JSON header as is."""
    header, offset = ({"__metadata__": metadata} if metadata else {}), 0
    for name in sorted(tensors):
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    if header_text is None:
        header_text = json.dumps(header, separators=(",", ":"), sort_keys=True)
        header_text += " " * (-len(header_text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_text.encode())) + header_text.encode())
        f.write(b"".join(tensors[name][2] for name in sorted(tensors)))


def f32(values):
    """F32 raw bytes of a flat list of floats."""
    return struct.pack("<%df" % len(values), *values)


def floats(raw):
    """The floats of F32 raw bytes."""
    return struct.unpack("<%df" % (len(raw) // 4), raw)
