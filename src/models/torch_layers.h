// PyTorch's attention and transformer layers, built from their state_dict() and run on a
// batch of sequences: what `vitplay-cli run` does and what the parity tests check against
// PyTorch (tests/make_fixtures.py).
//
//   layer            PyTorch module (dropout 0, batch_first)   weights (state_dict names)
//   mha              nn.MultiheadAttention, self-attention     in_proj_weight [3d, d], in_proj_bias [3d],
//                                                              out_proj.weight [d, d], out_proj.bias [d]
//   encoder-layer    nn.TransformerEncoderLayer                self_attn.*, linear1.weight [d_ff, d],
//                                                              linear1.bias, linear2.*, norm1.*, norm2.*
//   decoder-layer    nn.TransformerDecoderLayer                the same plus multihead_attn.*, norm3.*
//
// The sizes come from the weights: d from in_proj_weight [3d, d], d_ff from linear1.weight.
#pragma once
#include <string>

#include "nn/activations.h"
#include "formats/safetensors.h"

namespace vp {

enum class TorchLayer { mha, encoder_layer, decoder_layer };

// "mha", "encoder-layer" or "decoder-layer"; throws vp::Error for anything else.
TorchLayer parse_torch_layer(const std::string& name);

struct TorchLayerOptions {
  int heads = 1;
  bool causal = false;      // causal mask on the self-attention (word i sees words 0..i)
  bool norm_first = false;  // layers: pre-norm x + f(LayerNorm(x)) instead of LayerNorm(x + f(x))
  Activation activation = Activation::relu;
};

// weights: the layer's state_dict; tensors named x, memory and y are data, not weights, and
// are skipped (a fixture file holds both).
// x: [seq, d] or [batch, seq, d], 1 <= seq <= 4096; each sequence runs on its own.
// memory (decoder-layer only): shaped like x but for its length, [m, d] or [batch, m, d]
// (sequence b of x attends to memory b).
// Returns y, shaped like x. Throws vp::Error for any missing, mis-shaped or non-finite
// tensor, or heads not dividing d.
Tensor run_torch_layer(TorchLayer layer, const TorchLayerOptions& options, const TensorMap& weights,
                       const Tensor& x, const Tensor* memory = nullptr);

// The same forward, then the backward for the upstream gradient grad_y (dL/dy, shaped like y):
// PyTorch's y.backward(grad_y). Returns "y", "x.grad" (and "memory.grad" for decoder-layer),
// both shaped like their inputs, and "NAME.grad" for every weight NAME, summed over the batch.
// Throws vp::Error as run_torch_layer does, and for a grad_y not shaped like y.
TensorMap grad_torch_layer(TorchLayer layer, const TorchLayerOptions& options, const TensorMap& weights,
                           const Tensor& x, const Tensor* memory, const Tensor& grad_y);

}  // namespace vp
