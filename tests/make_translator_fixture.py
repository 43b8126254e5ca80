#!/usr/bin/python3
"""The numbers-translator against PyTorch: a small encoder-decoder built from
nn.Embedding, nn.TransformerEncoderLayer, nn.TransformerDecoderLayer and nn.Linear under the
names vitplay uses (src/models/translator.h), on random weights, fed one example
(3405: "three thousand four hundred five" -> 三千四百零五) with teacher forcing.

    /usr/bin/python3 tests/make_translator_fixture.py   # writes tests/fixtures/grad/translator.safetensors

The file holds the weights, the token ids (source, target_in, target_out, as floats), the
logits y, the loss (cross-entropy with label smoothing 0.1, mean over the target tokens) and
NAME.grad of every weight for that loss.
"""
import math
import os

import torch
import torch.nn.functional as F

from make_grad_fixtures import OUT, randomize, write_safetensors

# number_words.h's vocabularies
ENGLISH = ["<pad>", "<s>", "</s>", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
           "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
           "thousand"]
CHINESE = ["<pad>", "<s>", "</s>", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千"]
START, END = 1, 2


def sinusoidal(n, d):
    """PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d))"""
    pe = torch.zeros(n, d)
    for pos in range(n):
        for c in range(d):
            angle = pos / 10000 ** (2 * (c // 2) / d)
            pe[pos, c] = math.sin(angle) if c % 2 == 0 else math.cos(angle)
    return pe


class Translator(torch.nn.Module):
    def __init__(self, d, heads, d_ff, layers):
        super().__init__()
        options = dict(d_model=d, nhead=heads, dim_feedforward=d_ff, dropout=0.0, batch_first=True)
        self.d = d
        self.source_embedding = torch.nn.Embedding(len(ENGLISH), d)
        self.target_embedding = torch.nn.Embedding(len(CHINESE), d)
        self.encoder = torch.nn.Module()
        self.encoder.layers = torch.nn.ModuleList(torch.nn.TransformerEncoderLayer(**options) for _ in range(layers))
        self.decoder = torch.nn.Module()
        self.decoder.layers = torch.nn.ModuleList(torch.nn.TransformerDecoderLayer(**options) for _ in range(layers))
        self.generator = torch.nn.Linear(d, len(CHINESE))

    def forward(self, source, target_in):
        scale = math.sqrt(self.d)
        memory = self.source_embedding(source) * scale + sinusoidal(len(source), self.d)
        memory = memory.unsqueeze(0)
        for layer in self.encoder.layers:
            memory = layer(memory)
        h = (self.target_embedding(target_in) * scale + sinusoidal(len(target_in), self.d)).unsqueeze(0)
        causal = torch.triu(torch.ones(len(target_in), len(target_in)), diagonal=1).bool()
        for layer in self.decoder.layers:
            h = layer(h, memory, tgt_mask=causal)
        return self.generator(h[0])


def main():
    torch.manual_seed(0)
    d, heads, d_ff, layers = 8, 2, 16, 2
    model = Translator(d, heads, d_ff, layers)
    randomize(model)
    model.eval()
    source = torch.tensor([ENGLISH.index(w) for w in "three thousand four hundred five".split()])
    chars = [CHINESE.index(c) for c in "三千四百零五"]
    target_in, target_out = torch.tensor([START] + chars), torch.tensor(chars + [END])
    logits = model(source, target_in)
    loss = F.cross_entropy(logits, target_out, label_smoothing=0.1)
    loss.backward()
    tensors = {"source": source.float(), "target_in": target_in.float(), "target_out": target_out.float(),
               "y": logits, "loss": loss.reshape(1)}
    for name, p in model.named_parameters():
        tensors[name] = p
        tensors[name + ".grad"] = p.grad
    write_safetensors(os.path.join(OUT, "translator.safetensors"), tensors,
                      {"d_model": d, "heads": heads, "d_ff": d_ff, "layers": layers, "label_smoothing": 0.1})


if __name__ == "__main__":
    main()
