#!/usr/bin/python3
"""The 1,000 ImageNet-1k class names, one per line in class-index order, from torchvision's
own metadata (the names its pretrained classifiers report). Run with Debian's python:

    /usr/bin/python3 tools/make_imagenet_labels.py     # writes models/imagenet-1k-labels.txt

vitplay shows these words for any loaded checkpoint with 1,000 classes and no labels of its own.
"""
import os

from torchvision.models._meta import _IMAGENET_CATEGORIES

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models", "imagenet-1k-labels.txt")

assert len(_IMAGENET_CATEGORIES) == 1000
assert all(name and "\n" not in name for name in _IMAGENET_CATEGORIES)
with open(OUT, "w", encoding="utf-8") as f:
    f.write("".join(name + "\n" for name in _IMAGENET_CATEGORIES))
print(f"{OUT}: {len(_IMAGENET_CATEGORIES)} names")
