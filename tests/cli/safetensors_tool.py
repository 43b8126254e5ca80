"""Standard-library helper for tests/cli/run.sh (no PyTorch, no vitplay code):

    python3 safetensors_tool.py flags FILE...        per file: FILE and the `vitplay-cli run` arguments
                                                     in its __metadata__, one line each
    python3 safetensors_tool.py compare LIMIT A B... for each pair A B: max |y_A - y_B| over tensor y;
                                                     exits 1 if a shape differs or a max exceeds LIMIT
    python3 safetensors_tool.py bad SRC DIR          writes malformed variants of SRC into DIR
    python3 safetensors_tool.py grad-args FIXTURE... per gradient fixture (tests/fixtures/grad/): FIXTURE,
                                                     the `vitplay-cli grad` op and its flags, one line each
    python3 safetensors_tool.py weights FIXTURE OUT  OUT: FIXTURE's weights only (no data, no .grad)
    python3 safetensors_tool.py repeat N FIXTURE OUT OUT: FIXTURE's x (memory) and y.grad as a batch of N copies
    python3 safetensors_tool.py compare-grads LIMIT OUT FIXTURE [N]
                                                     OUT of `vitplay-cli grad` against PyTorch's y, x.grad,
                                                     memory.grad and every NAME.grad in FIXTURE: exits 1 unless
                                                     each has max |diff| <= LIMIT * its largest |value|; with N,
                                                     OUT came from `repeat N`: data repeats, weight grads add up
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


DATA = ("x", "memory", "y", "mask")


def grad_args(*paths):
    for path in paths:
        tensors, meta = read(path)
        name = os.path.basename(path)
        op = next(op for op in ("mha", "encoder-layer", "decoder-layer", "vit") if name.startswith(op.replace("-", "_")))
        out = [path, op, "--heads", meta.get("heads", meta.get("num_heads"))]
        out += ["--activation", meta["activation"]] if "activation" in meta else []
        out += ["--norm-first"] if meta.get("norm_first") == "1" else []
        out += ["--causal"] if "mask" in tensors else []  # the fixtures' masks are causal ones
        print(" ".join(out))


def weights(path, out):
    tensors = read(path)[0]
    write(out, {k: v for k, v in tensors.items() if k not in DATA and not k.endswith(".grad")})


def repeat(n, path, out):
    tensors, n = read(path)[0], int(n)
    batch = {k: (tensors[k][0], [n] + tensors[k][1], tensors[k][2] * n) for k in ("x", "memory", "y.grad") if k in tensors}
    if len(tensors["x"][1]) == 3:  # an image [C, H, W]: its logits' y.grad [1, classes] becomes [n, classes]
        batch["y.grad"] = (tensors["y.grad"][0], [n] + tensors["y.grad"][1][1:], tensors["y.grad"][2] * n)
    write(out, batch)


def compare_grads(limit, out, fixture, n="1"):
    got, want, n = read(out)[0], read(fixture)[0], int(n)
    expected = [k for k in want if k == "y" or (k.endswith(".grad") and k != "y.grad")]
    ok = sorted(got) == sorted(expected)
    if not ok:
        print("FAIL %s: tensors %s, expected %s" % (out, sorted(got), sorted(expected)))
    worst = (0.0, "")
    for name in expected:
        if name not in got:
            continue
        data = name == "y" or name[:-len(".grad")] in DATA
        # a batch of n copies: data tensors are n copies, weight gradients n times the sum
        b = [v * (1 if data else n) for v in floats(want[name][2])] * (n if data else 1)
        a = floats(got[name][2])
        scale = max((abs(v) for v in b), default=0.0)
        diff = max((abs(p - q) for p, q in zip(a, b)), default=0.0)
        good = len(a) == len(b) and (n > 1 or got[name][1] == want[name][1]) and diff <= float(limit) * scale
        if not good:
            print("FAIL %s %s: shape %s (expected %s), max |diff| %.3g, largest |value| %.3g"
                  % (out, name, got[name][1], want[name][1], diff, scale))
        ok = ok and good
        worst = max(worst, (diff / scale if scale else diff, name))
    print("%s %s: %d tensors, worst %s at %.3g of its largest value" % ("ok  " if ok else "FAIL", out, len(got),
                                                                      worst[1], worst[0]))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    {"flags": flags, "compare": compare, "bad": bad, "grad-args": grad_args, "weights": weights, "repeat": repeat,
     "compare-grads": compare_grads}[sys.argv[1]](*sys.argv[2:])
