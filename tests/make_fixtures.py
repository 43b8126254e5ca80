#!/usr/bin/python3
"""Parity fixtures: PyTorch as the oracle for the core's layers (vitplay-cli run, test_parity).

Run with Debian's python (it has python3-torch 1.13):

    /usr/bin/python3 tests/make_fixtures.py        # writes tests/fixtures/parity/*.safetensors

Each file holds one layer (dropout 0, batch_first=True, random weights, random LayerNorm
gains and biases) under its state_dict() names, the input x ([seq, d], or [batch, seq, d]
for a batch), memory for the decoder, and PyTorch's output y. The header's __metadata__
gives the options: op (mha, encoder-layer, decoder-layer), heads, causal, norm_first,
activation. The seed is fixed, so running it again writes the same bytes.
"""
import os

import torch
from torch import nn

import safetensors_io

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "parity")

# name, op, d_model, heads, d_ff, seq, memory length, batch (0: no batch dim), causal, norm_first, activation
CASES = [
    ("mha_d8_h2_seq5", "mha", 8, 2, 0, 5, 0, 0, False, False, "relu"),
    ("mha_d20_h5_seq7_causal", "mha", 20, 5, 0, 7, 0, 0, True, False, "relu"),
    ("mha_d6_h1_seq1", "mha", 6, 1, 0, 1, 0, 0, False, False, "relu"),
    ("mha_d12_h3_batch2_seq4_causal", "mha", 12, 3, 0, 4, 0, 2, True, False, "relu"),
    ("encoder_relu_post_d8_h2_seq5", "encoder-layer", 8, 2, 16, 5, 0, 0, False, False, "relu"),
    ("encoder_gelu_pre_d20_h5_seq7_causal", "encoder-layer", 20, 5, 24, 7, 0, 0, True, True, "gelu"),
    ("encoder_gelu_post_d6_h3_seq1", "encoder-layer", 6, 3, 10, 1, 0, 0, False, False, "gelu"),
    ("encoder_relu_pre_d8_h4_batch2_seq3", "encoder-layer", 8, 4, 12, 3, 0, 2, False, True, "relu"),
    ("decoder_relu_post_d8_h2_seq5_mem9_causal", "decoder-layer", 8, 2, 16, 5, 9, 0, True, False, "relu"),
    ("decoder_gelu_pre_d20_h5_seq7_mem9_causal", "decoder-layer", 20, 5, 24, 7, 9, 0, True, True, "gelu"),
    ("decoder_relu_pre_d6_h2_seq1_mem9", "decoder-layer", 6, 2, 8, 1, 9, 0, False, True, "relu"),
    ("decoder_gelu_post_d12_h3_batch2_seq4_mem9", "decoder-layer", 12, 3, 20, 4, 9, 2, False, False, "gelu"),
]


def make_module(op, d, heads, d_ff, norm_first, activation):
    if op == "mha":
        return nn.MultiheadAttention(d, heads, dropout=0.0, batch_first=True)
    layer = nn.TransformerEncoderLayer if op == "encoder-layer" else nn.TransformerDecoderLayer
    return layer(d, heads, dim_feedforward=d_ff, dropout=0.0, activation=activation,
                 batch_first=True, norm_first=norm_first)


def randomize(module):
    """PyTorch starts biases at 0 and LayerNorms at (1, 0): make every one of them random too,
    so a swapped or ignored bias or gain shows in y."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.3 * torch.randn_like(p))
            elif p.dim() == 1:
                p.copy_(0.3 * torch.randn_like(p))


def run(module, op, x, memory, causal):
    """y for a batch [b, seq, d]; the causal mask is the float -inf one PyTorch generates."""
    mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1]) if causal else None
    if op == "mha":
        return module(x, x, x, attn_mask=mask, need_weights=False)[0]
    if op == "encoder-layer":
        return module(x, src_mask=mask)
    return module(x, memory, tgt_mask=mask)


def main():
    torch.manual_seed(20240603)
    os.makedirs(OUT, exist_ok=True)
    for name, op, d, heads, d_ff, seq, mem, batch, causal, norm_first, activation in CASES:
        module = make_module(op, d, heads, d_ff, norm_first, activation)
        randomize(module)
        b = max(batch, 1)
        x = torch.randn(b, seq, d)
        memory = torch.randn(b, mem, d) if op == "decoder-layer" else None
        with torch.no_grad():
            # train mode (dropout 0 is still deterministic) runs the plain Python path;
            # eval mode may take PyTorch's fused fast path: both must agree
            y = run(module.train(), op, x, memory, causal)
            y_fast = run(module.eval(), op, x, memory, causal)
        assert torch.allclose(y, y_fast, atol=1e-5), name
        tensors = dict(module.state_dict())
        for key, t in {"x": x, "memory": memory, "y": y}.items():
            if t is not None:
                tensors[key] = t if batch else t[0]  # no batch: [seq, d]
        metadata = {"op": op, "heads": str(heads), "causal": str(causal).lower(),
                    "norm_first": str(norm_first).lower(), "activation": activation}
        safetensors_io.write(os.path.join(OUT, name + ".safetensors"),
                             {k: ("F32", t.shape, safetensors_io.f32(t.flatten().tolist())) for k, t in tensors.items()},
                             metadata)
        print(name, tuple(y.shape))


if __name__ == "__main__":
    main()
