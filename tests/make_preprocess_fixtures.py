#!/usr/bin/python3
"""Fixtures for the image preprocessing tests (tests/core/test_image_preprocess.cpp).

PIL's antialiased bilinear resize on float images ("F" mode, no 8-bit rounding), and
torchvision's ImageNet transform (Resize, CenterCrop, ToTensor, Normalize) on a small RGB
image, written to tests/fixtures/preprocess/*.json. Run with Debian's python3 (PIL, torchvision):
    /usr/bin/python3 tests/make_preprocess_fixtures.py
"""
import json
import os

import numpy as np
from PIL import Image
import torch
from torchvision import transforms

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "preprocess")
rng = np.random.default_rng(7)


def short(a):
    """float32 values with 7 significant digits: exact enough, a third of the bytes."""
    return [[float(f"{v:.7g}") for v in row] for row in np.asarray(a, dtype=np.float32)]


def resize_cases():
    cases = []
    for (h, w), (oh, ow) in [((13, 17), (5, 6)), ((13, 17), (24, 30)), ((9, 40), (9, 7)), ((40, 30), (12, 9))]:
        plane = rng.random((h, w), dtype=np.float32)
        out = Image.fromarray(plane, mode="F").resize((ow, oh), Image.BILINEAR)
        cases.append({"input": short(plane), "output": short(np.asarray(out))})
    return cases


def imagenet_case():
    h, w = 30, 41
    yy, xx = np.mgrid[0:h, 0:w]
    rgb = np.stack([xx * 6, yy * 8, (xx + yy) * 3], axis=-1) + rng.integers(0, 40, (h, w, 3))
    rgb = np.clip(rgb, 0, 255).astype(np.uint8)
    size, crop_fraction = 16, 0.875
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    t = transforms.Compose([transforms.Resize(round(size / crop_fraction)), transforms.CenterCrop(size),
                            transforms.ToTensor(), transforms.Normalize(mean, std)])
    x = t(Image.fromarray(rgb, mode="RGB"))  # [3, 16, 16]
    return {"height": h, "width": w, "rgb": rgb.reshape(-1).tolist(), "image_size": size,
            "crop_fraction": crop_fraction, "mean": mean, "std": std,
            "output": short(x.reshape(3 * size, size).numpy())}


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "resize.json"), "w") as f:
    json.dump(resize_cases(), f)
with open(os.path.join(OUT, "imagenet.json"), "w") as f:
    json.dump(imagenet_case(), f)
print("wrote", OUT)
