#!/usr/bin/python3
"""Gradient fixtures: PyTorch autograd as the oracle for vitplay's explicit backward passes.

Run with Debian's python (it has python3-torch 1.13 and python3-torchvision):

    /usr/bin/python3 tests/make_grad_fixtures.py        # writes tests/fixtures/grad/*.safetensors

Each file holds one layer on random weights (fixed seed): its parameters under their
state_dict names, the inputs (x, and memory for cross-attention), y.grad (the upstream
gradient), and what the C++ core must reproduce: y, x.grad (memory.grad) and NAME.grad for
every parameter NAME. Sizes and options are in the header's __metadata__. Sequences are stored
without the batch dimension ([n, d]); images as [C, H, W]. Masks are stored as 0/1 with
1 = blocked (PyTorch's boolean convention).
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F
import torchvision

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "grad")


def write_safetensors(path, tensors, metadata):
    """The format: u64 little-endian header length, JSON header, raw little-endian f32 data."""
    header, blobs, offset = {"__metadata__": {k: str(v) for k, v in metadata.items()}}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous()
        data = struct.pack("<%df" % t.numel(), *t.flatten().tolist())
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # pad so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def randomize(module):
    """Random weights everywhere (PyTorch zero-initialises many biases, torchvision the head):
    LayerNorm gains near 1, matrices U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the rest N(0, 0.5)."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.dim() == 1 and ("norm" in name or "ln" in name) and name.endswith("weight"):
                p.copy_(1 + 0.2 * torch.randn_like(p))
            elif p.dim() >= 2 and "token" not in name and "pos_embedding" not in name:
                bound = 1 / math.sqrt(p[0].numel())
                p.uniform_(-bound, bound)
            else:
                p.copy_(0.5 * torch.randn_like(p))


def run(name, module, call, inputs, metadata, constants=None):
    """y = call(**inputs) through module's weights; backward with a random y.grad; save the
    weights, inputs, constants (masks, targets), y, and every .grad."""
    module.eval()
    for t in inputs.values():
        t.requires_grad_(True)
    y = call(**inputs)
    y_grad = torch.randn_like(y)
    y.backward(y_grad)
    tensors = dict(constants or {}, y=y, **{"y.grad": y_grad})
    for key, t in inputs.items():
        tensors[key] = t
        tensors[key + ".grad"] = t.grad
    for pname, p in module.named_parameters():
        tensors[pname] = p
        tensors[pname + ".grad"] = p.grad
    write_safetensors(os.path.join(OUT, name + ".safetensors"), tensors, metadata)


def one_sequence(module):
    """A batch_first module called on one sequence: [n, d] tensors in, [n, d] out."""
    return lambda *args, **kwargs: module(*(a.unsqueeze(0) for a in args), **kwargs)


def attention(Q, K, V, mask):
    """softmax(Q K^T / sqrt(d_k) + M) V with a boolean mask (1 = blocked)."""
    scores = Q @ K.T / math.sqrt(Q.shape[1])
    return F.softmax(scores.masked_fill(mask.bool(), float("-inf")), dim=-1) @ V


def causal(n):
    return torch.triu(torch.ones(n, n), diagonal=1)


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    d, heads, d_ff = 8, 2, 16

    linear = torch.nn.Linear(4, 5)
    randomize(linear)
    run("linear", linear, lambda x: linear(x), {"x": torch.randn(3, 4)}, {})

    ln = torch.nn.LayerNorm(6)
    randomize(ln)
    run("layernorm", ln, lambda x: ln(x), {"x": torch.randn(4, 6) * 2 + 1}, {"eps": ln.eps})

    mask = causal(4)
    run("attention_causal", torch.nn.Module(), lambda Q, K, V: attention(Q, K, V, mask),
        {"Q": torch.randn(4, 8), "K": torch.randn(4, 8), "V": torch.randn(4, 6)}, {}, {"mask": mask})

    mha = torch.nn.MultiheadAttention(d, heads, batch_first=True)
    randomize(mha)
    mask = causal(5)
    run("mha_self_causal", mha, lambda x: one_sequence(mha)(x, x, x, attn_mask=mask.bool())[0][0],
        {"x": torch.randn(5, d)}, {"heads": heads}, {"mask": mask})

    mha = torch.nn.MultiheadAttention(d, heads, batch_first=True)
    randomize(mha)
    mask = torch.zeros(4, 6)
    mask[:, 5] = 1  # the last memory position is padding
    run("mha_cross_padding", mha, lambda x, memory: one_sequence(mha)(x, memory, memory, attn_mask=mask.bool())[0][0],
        {"x": torch.randn(4, d), "memory": torch.randn(6, d)}, {"heads": heads}, {"mask": mask})

    for norm_first in (False, True):
        for activation in ("relu", "gelu"):
            options = dict(d_model=d, nhead=heads, dim_feedforward=d_ff, dropout=0.0, activation=activation,
                           batch_first=True, norm_first=norm_first)
            meta = {"heads": heads, "activation": activation, "norm_first": int(norm_first), "eps": 1e-5}
            suffix = ("pre" if norm_first else "post") + "_" + activation

            enc = torch.nn.TransformerEncoderLayer(**options)
            randomize(enc)
            run("encoder_layer_" + suffix, enc, lambda x: one_sequence(enc)(x)[0], {"x": torch.randn(5, d)}, meta)

            dec = torch.nn.TransformerDecoderLayer(**options)
            randomize(dec)
            mask = causal(4)
            run("decoder_layer_" + suffix, dec, lambda x, memory: one_sequence(dec)(x, memory, tgt_mask=mask.bool())[0],
                {"x": torch.randn(4, d), "memory": torch.randn(6, d)}, meta, {"mask": mask})

    targets = torch.tensor([0, 3, 1, 4, 2, 3])
    for smoothing in (0.0, 0.1):
        run("cross_entropy_smoothing_%g" % smoothing, torch.nn.Module(),
            lambda x: F.cross_entropy(x, targets, label_smoothing=smoothing).reshape(1),
            {"x": torch.randn(6, 5) * 2}, {"label_smoothing": smoothing}, {"targets": targets.float()})

    for name, config, channels in [
            ("vit_28_p7_c1", dict(image_size=28, patch_size=7, num_layers=2, num_heads=4, hidden_dim=32,
                                  mlp_dim=64, num_classes=10), 1),
            ("vit_20_p5_c3", dict(image_size=20, patch_size=5, num_layers=1, num_heads=3, hidden_dim=24,
                                  mlp_dim=40, num_classes=5), 3)]:
        vit = torchvision.models.VisionTransformer(**config)
        # torchvision's conv_proj takes 3 channels; digits have one
        vit.conv_proj = torch.nn.Conv2d(channels, config["hidden_dim"], config["patch_size"], config["patch_size"])
        randomize(vit)
        run(name, vit, lambda x: vit(x.unsqueeze(0)), {"x": torch.randn(channels, config["image_size"],
                                                                       config["image_size"])},
            dict(config, channels=channels, eps=1e-6))


if __name__ == "__main__":
    main()
