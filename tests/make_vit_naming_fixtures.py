#!/usr/bin/python3
"""ViT parity through three namings: torchvision's VisionTransformer as the oracle for ViT
checkpoints named as torchvision, timm and Hugging Face transformers name them
(src/models/vit_naming.h; tests/core/test_vit_naming.cpp, tests/cli/classify.sh). Run with
Debian's python (python3-torch 1.13, torchvision 0.14):

    /usr/bin/python3 tests/make_vit_naming_fixtures.py   # writes tests/fixtures/vit_naming/*

The weights and the image are not stored: every value comes from a formula keyed by the
tensor's name in the file (formula_values below, the same integer hash in C++), so a
ViT-Ti-sized fixture holds only its logits and the list of tensor names and shapes. This
script renames torchvision's tensors into each naming on its own (RENAMES; Hugging Face's
query/key/value are three tensors stacked into in_proj), fills every tensor of that naming
with the formula, loads the result back into torchvision's model and runs it. The C++ test
reads the names, fills them with the same formula, and loads them through its own tables:
any difference in the two tables shows as different logits.

Fixtures, one per config, each holding logits_<naming> [1, K] and in __metadata__ the config
and, per naming, its tensors as JSON [[name, shape], ...]:
  tiny.safetensors     12x12 RGB, patch 4, dim 12, depth 2, heads 3, MLP 20, 5 classes
  ti.safetensors       ViT-Ti/16: 224x224, patch 16, dim 192, depth 12, heads 3, MLP 768, 1000 classes
  tiny_avg.safetensors the tiny config with timm's mean-pooled head (fc_norm), timm naming only
and, for `vitplay-cli run vit` / `classify`, the tiny model's weights in each naming with the
image x [3, 12, 12] and torchvision's logits y: tiny_<naming>.safetensors (a few KB each).
"""
import json
import os
import re

import numpy as np
import torch
from torchvision.models.vision_transformer import VisionTransformer

import safetensors_io

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "vit_naming")

CONFIGS = {
    "tiny": dict(image_size=12, patch_size=4, num_layers=2, num_heads=3, hidden_dim=12, mlp_dim=20, num_classes=5),
    "ti": dict(image_size=224, patch_size=16, num_layers=12, num_heads=3, hidden_dim=192, mlp_dim=768,
               num_classes=1000),
}

# torchvision name (regex) -> timm, Hugging Face (ViTForImageClassification). A list for HF's
# in_proj: its three parts, stacked along dim 0 in this order.
L = r"encoder\.layers\.encoder_layer_(\d+)\."
RENAMES = [
    (r"class_token", "cls_token", "vit.embeddings.cls_token"),
    (r"conv_proj\.(weight|bias)", r"patch_embed.proj.\1", r"vit.embeddings.patch_embeddings.projection.\1"),
    (r"encoder\.pos_embedding", "pos_embed", "vit.embeddings.position_embeddings"),
    (L + r"ln_1\.(weight|bias)", r"blocks.\1.norm1.\2", r"vit.encoder.layer.\1.layernorm_before.\2"),
    (L + r"self_attention\.in_proj_(weight|bias)", r"blocks.\1.attn.qkv.\2",
     [r"vit.encoder.layer.\1.attention.attention.%s.\2" % p for p in ("query", "key", "value")]),
    (L + r"self_attention\.out_proj\.(weight|bias)", r"blocks.\1.attn.proj.\2",
     r"vit.encoder.layer.\1.attention.output.dense.\2"),
    (L + r"ln_2\.(weight|bias)", r"blocks.\1.norm2.\2", r"vit.encoder.layer.\1.layernorm_after.\2"),
    (L + r"mlp\.0\.(weight|bias)", r"blocks.\1.mlp.fc1.\2", r"vit.encoder.layer.\1.intermediate.dense.\2"),
    (L + r"mlp\.3\.(weight|bias)", r"blocks.\1.mlp.fc2.\2", r"vit.encoder.layer.\1.output.dense.\2"),
    (r"encoder\.ln\.(weight|bias)", r"norm.\1", r"vit.layernorm.\1"),
    (r"heads\.head\.(weight|bias)", r"head.\1", r"classifier.\1"),
]
NAMINGS = ["torchvision", "timm", "hf"]


def renamed(tv_name, naming, mean_pooled=False):
    """[names] of a torchvision tensor in another naming (several for a stacked tensor)."""
    if naming == "torchvision":
        return [tv_name]
    for pattern, timm, hf in RENAMES:
        m = re.fullmatch(pattern, tv_name)
        if m:
            target = timm if naming == "timm" else hf
            names = [m.expand(t) for t in (target if isinstance(target, list) else [target])]
            if mean_pooled and names[0].startswith("norm."):
                names = ["fc_" + names[0]]
            return names
    raise KeyError(tv_name)


NORMS = {"ln_1", "ln_2", "ln", "norm1", "norm2", "norm", "fc_norm", "layernorm_before", "layernorm_after", "layernorm"}
EMBEDDINGS = {"class_token", "cls_token", "pos_embedding", "pos_embed", "position_embeddings"}
M32 = np.uint64(0xFFFFFFFF)


def fmix32(x):
    """MurmurHash3's finaliser on uint64 arrays holding 32-bit values."""
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x85EBCA6B)) & M32
    x ^= x >> np.uint64(13)
    x = (x * np.uint64(0xC2B2AE35)) & M32
    return x ^ (x >> np.uint64(16))


def fnv1a(name):
    h = 0x811C9DC5
    for b in name.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def formula_values(name, shape):
    """The tensor `name` of `shape` as a float32 tensor: u_i = hash(name, i) in [-1, 1)
    (FNV-1a of the name, plus i * 0x9E3779B9, through MurmurHash3's finaliser, top 24 bits);
    LayerNorm gains (by the name's last component but one) 1 + u/5, class token and positions
    u/2, other vectors u/10, matrices u / sqrt(fan_in), the image u. Computed in double,
    rounded once to float, as tests/core/test_vit_naming.cpp does."""
    n = int(np.prod(shape, dtype=np.int64))
    i = np.arange(n, dtype=np.uint64)
    h = fmix32((np.uint64(fnv1a(name)) + i * np.uint64(0x9E3779B9)) & M32)
    u = (h >> np.uint64(8)).astype(np.float64) / 8388608.0 - 1.0
    parts = name.split(".")
    if len(parts) >= 2 and parts[-2] in NORMS and parts[-1] == "weight":
        v = 1.0 + u / 5.0
    elif parts[-1] in EMBEDDINGS:
        v = u / 2.0
    elif name == "x":
        v = u
    elif len(shape) == 1:
        v = u / 10.0
    else:
        v = u / np.sqrt(float(n // shape[0]))
    return torch.from_numpy(v.astype(np.float32).reshape(shape))


def model_for(cfg, naming, mean_pooled=False):
    """torchvision's model with every tensor of `naming` filled by the formula; and the list
    [[name, shape]] of those tensors."""
    model = VisionTransformer(**cfg).eval()
    state, names = {}, []
    for tv_name, p in model.state_dict().items():
        parts = renamed(tv_name, naming, mean_pooled)
        shape = list(p.shape)
        part_shape = [shape[0] // len(parts)] + shape[1:]
        values = []
        for name in parts:
            values.append(formula_values(name, part_shape))
            names.append([name, part_shape])
        state[tv_name] = torch.cat(values, 0)
    model.load_state_dict(state)
    return model, names


def forward(model, x, mean_pooled=False):
    """torchvision's forward; mean_pooled: timm's global_pool="avg" head with fc_norm, i.e.
    head(LayerNorm(mean of the patch tokens)), encoder.ln standing for fc_norm."""
    with torch.no_grad():
        if not mean_pooled:
            return model(x)
        tokens = model._process_input(x)
        tokens = torch.cat([model.class_token.expand(x.shape[0], -1, -1), tokens], dim=1)
        z = model.encoder.layers(tokens + model.encoder.pos_embedding)
        return model.heads(model.encoder.ln(z[:, 1:].mean(dim=1)))


def tensor_entry(t):
    t = t.detach().contiguous().to(torch.float32)
    return ("F32", list(t.shape), t.numpy().tobytes())


def write_fixture(name, cfg, namings, mean_pooled=False):
    x = formula_values("x", [1, 3, cfg["image_size"], cfg["image_size"]])
    tensors, meta = {}, {"config": json.dumps(cfg), "mean_pooled": str(mean_pooled).lower()}
    for naming in namings:
        model, names = model_for(cfg, naming, mean_pooled)
        tensors["logits_" + naming] = tensor_entry(forward(model, x, mean_pooled))
        meta["names_" + naming] = json.dumps(names, separators=(",", ":"))
    safetensors_io.write(os.path.join(OUT, name + ".safetensors"), tensors, meta)
    return x


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, cfg in CONFIGS.items():
        x = write_fixture(name, cfg, NAMINGS)
        print(f"{name}: {', '.join(NAMINGS)}")
    write_fixture("tiny_avg", CONFIGS["tiny"], ["timm"], mean_pooled=True)
    # The tiny model as checkpoint files, its image and its logits beside the weights.
    cfg = CONFIGS["tiny"]
    x = formula_values("x", [3, cfg["image_size"], cfg["image_size"]])
    for naming in NAMINGS:
        model, names = model_for(cfg, naming)
        tensors = {n: tensor_entry(formula_values(n, s)) for n, s in names}
        tensors["x"] = tensor_entry(x)
        tensors["y"] = tensor_entry(forward(model, x[None]))
        safetensors_io.write(os.path.join(OUT, f"tiny_{naming}.safetensors"), tensors,
                             {"num_heads": str(cfg["num_heads"])})
    print("tiny_{%s}.safetensors" % ",".join(NAMINGS))


if __name__ == "__main__":
    main()
