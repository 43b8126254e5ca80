#!/usr/bin/python3
"""ViT-Ti/16 at 224 for ci/bench: torchvision's VisionTransformer with the ViT-Ti sizes (patch 16,
dim 192, depth 12, 3 heads, MLP 768, 1000 classes) on random weights (seed 0), written twice:

    OUT_DIR/vit_ti16.safetensors   the state_dict (torchvision names) for `vitplay-cli bench vit`
    OUT_DIR/vit_ti16.onnx          the same model exported by torch.onnx for onnxruntime-web

Run with Debian's python (python3-torch, python3-torchvision, python3-onnx):
    /usr/bin/python3 bench/export_vit_ti.py OUT_DIR
"""
import json
import os
import struct
import sys

import torch
import torchvision


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous()
        data = struct.pack("<%df" % t.numel(), *t.flatten().tolist())
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    model = torchvision.models.VisionTransformer(image_size=224, patch_size=16, num_layers=12, num_heads=3,
                                                 hidden_dim=192, mlp_dim=768, num_classes=1000).eval()
    with torch.no_grad():
        for p in model.parameters():  # torchvision zero-initialises the head; any weights will do
            if p.dim() >= 2 and p.abs().sum() == 0:
                p.normal_(0, 0.02)
    write_safetensors(os.path.join(out_dir, "vit_ti16.safetensors"), model.state_dict())
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(model, x, os.path.join(out_dir, "vit_ti16.onnx"), input_names=["x"], output_names=["logits"],
                      opset_version=14, do_constant_folding=True)
    print("wrote", out_dir + "/vit_ti16.safetensors", "and", out_dir + "/vit_ti16.onnx")


if __name__ == "__main__":
    main(sys.argv[1])
