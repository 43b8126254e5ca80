"""Standard-library helper for tests/cli/run.sh (no PyTorch, no vitplay code):

    python3 safetensors_tool.py flags FILE...        per file: FILE and the `vitplay-cli run` arguments
                                                     in its __metadata__, one line each
    python3 safetensors_tool.py compare LIMIT A B... for each pair A B: max |y_A - y_B| over tensor y;
                                                     exits 1 if a shape differs or a max exceeds LIMIT
    python3 safetensors_tool.py bad SRC DIR          writes malformed variants of SRC into DIR
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from safetensors_io import f32, floats, read, write  # noqa: E402


def flags(*paths):
    for path in paths:
        meta = read(path)[1]
        out = [path, meta["op"], "--heads", meta["heads"], "--activation", meta["activation"]]
        out += ["--causal"] if meta["causal"] == "true" else []
        out += ["--norm-first"] if meta["norm_first"] == "true" else []
        print(" ".join(out))


def compare(limit, *paths):
    ok = True
    for a, b in zip(paths[::2], paths[1::2]):
        (_, shape_a, ya), (_, shape_b, yb) = read(a)[0]["y"], read(b)[0]["y"]
        diff = max((abs(p - q) for p, q in zip(floats(ya), floats(yb))), default=0.0)
        good = shape_a == shape_b and diff <= float(limit)
        ok = ok and good
        print("%s %s: shape %s, max |diff| %.3g" % ("ok  " if good else "FAIL", a, shape_a, diff))
    sys.exit(0 if ok else 1)


def bad(src, out):
    """Each file is SRC with one thing wrong; the names do not contain the expected messages."""
    tensors = read(src)[0]
    dtype, shape, raw = tensors["x"]
    blob = open(src, "rb").read()
    with open(out + "/cut_data.safetensors", "wb") as f:
        f.write(blob[:len(blob) - 5])
    with open(out + "/cut_header.safetensors", "wb") as f:
        f.write(blob[:40])
    write(out + "/bad_header.safetensors", tensors, header_text='{"x": [')
    write(out + "/nan_x.safetensors", dict(tensors, x=(dtype, shape, f32([math.nan]) + raw[4:])))
    write(out + "/i32_x.safetensors", dict(tensors, x=("I32", shape, raw)))
    write(out + "/no_x.safetensors", {k: v for k, v in tensors.items() if k != "x"})
    # x declares 4 GB (2^30 floats) over its few bytes
    header, offset = {}, 0
    for name, (d, s, r) in tensors.items():
        size = 1 << 32 if name == "x" else len(r)
        header[name] = {"dtype": d, "shape": [1 << 30] if name == "x" else s, "data_offsets": [offset, offset + size]}
        offset += size
    write(out + "/big_x.safetensors", tensors, header_text=json.dumps(header))


if __name__ == "__main__":
    {"flags": flags, "compare": compare, "bad": bad}[sys.argv[1]](*sys.argv[2:])
