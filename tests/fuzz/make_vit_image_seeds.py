#!/usr/bin/python3
"""Seed corpora for fuzz-image and fuzz-vit-checkpoint from real files:

    /usr/bin/python3 tests/fuzz/make_vit_image_seeds.py   # writes tests/fuzz/corpus/{image,vit-checkpoint}/

image: every small image file of tests/fixtures/images (good and bad) behind the target's 7-byte
prefix [mode 0 = decode][recipe][size][w][h] (the PNG layouts with mode 0x42: decode after
recomputing the chunk CRCs, so their mutations reach libpng's decoding), and raw RGBA inputs (4x3, 0x0, a huge declared
width, a 9x20 image filled from 8 bytes). vit-checkpoint: the tiny model of
tests/fixtures/vit_naming in each naming behind [heads][config length], alone and with a
Hugging Face config.json, a labels file and a timm config.json.
"""
import glob
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def main():
    images = [p for p in sorted(glob.glob(os.path.join(FIXTURES, "images", "*"))) if not p.endswith(".rgba")]
    for i, path in enumerate(images):
        data = open(path, "rb").read()
        name = os.path.basename(path)
        mode = 0x42 if name.startswith("png_") else 0
        if len(data) <= 20000:
            put("image", name, bytes([mode, i % 3 | (0x10 if i % 2 else 0), 27, 0, 0, 0, 0]) + data)
    put("image", "raw_4x3", bytes([1, 2, 27, 4, 0, 3, 0]) + bytes(range(48)))
    put("image", "raw_0x0", bytes([1, 0, 27, 0, 0, 0, 0]))
    put("image", "raw_huge", bytes([0x81, 0, 27, 0xFF, 0xFF, 0xFF, 0xFF]) + bytes(16))
    put("image", "filled_9x20", bytes([2, 0x11, 27, 9, 0, 20, 0]) + bytes([0, 0, 0, 255, 255, 255, 255, 255]))

    tiny = {n: open(os.path.join(FIXTURES, "vit_naming", f"tiny_{n}.safetensors"), "rb").read()
            for n in ("torchvision", "timm", "hf")}
    for naming, data in tiny.items():
        put("vit-checkpoint", f"tiny_{naming}", bytes([3, 0]) + data)
    configs = {
        "tiny_hf_config": (0, b'{"num_attention_heads": 3, "layer_norm_eps": 1e-6, "image_size": 12, '
                              b'"id2label": {"0": "a", "1": "b", "2": "c", "3": "d", "4": "e"}}', "hf"),
        "tiny_timm_labels": (3, b"a\nb\nc\nd\ne\n", "timm"),
        "tiny_timm_config": (3, b'{"architecture": "vit_tiny_patch16_224", "global_pool": "avg", "pretrained_cfg": '
                                b'{"mean": [0.5,0.5,0.5], "std": [0.5,0.5,0.5], "crop_pct": 0.9, "input_size": [3, 12, 12]}}',
                             "timm"),
    }
    for name, (heads, config, naming) in configs.items():
        put("vit-checkpoint", name, bytes([heads, len(config)]) + config + tiny[naming])


if __name__ == "__main__":
    main()
