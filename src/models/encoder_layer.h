// Transformer encoder layer, PyTorch's nn.TransformerEncoderLayer (dropout 0).
//
// post-norm (the paper, the article):   x = LayerNorm(x + MultiHeadAttention(x))
//                                       x = LayerNorm(x + FeedForward(x))
// pre-norm (ViT, norm_first=True):      x = x + MultiHeadAttention(LayerNorm(x))
//                                       x = x + FeedForward(LayerNorm(x))
#pragma once
#include "nn/feed_forward.h"
#include "nn/layernorm.h"
#include "nn/multihead_attention.h"

namespace vp {

struct EncoderLayerConfig {
  int d_model = 4;
  int num_heads = 2;
  int d_ff = 8;
  Activation activation = Activation::relu;
  bool norm_first = false;
  float eps = 1e-5f;
};

struct EncoderLayer {
  MultiHeadAttention self_attn;
  FeedForward ff;
  LayerNorm norm1, norm2;
  bool norm_first = false;
};

EncoderLayer encoder_layer_zeros(const EncoderLayerConfig& c);
// PyTorch names: self_attn.*, linear1.*, linear2.*, norm1.*, norm2.*
void visit_params(EncoderLayer& l, const std::string& prefix, const ParamVisitor& fn);

// x: [n, d] -> [n, d]; mask: additive [n, n] or null (e.g. key padding)
Mat encoder_layer_forward(const EncoderLayer& l, const Mat& x, const Mat* mask = nullptr,
                          Trace* trace = nullptr);

// What the backward pass needs from the forward.
struct EncoderLayerCache {
  MhaCache self_attn;
  FeedForwardCache ff;
  LayerNormCache norm1, norm2;
};

// The same forward, also filling cache (when not null).
Mat encoder_layer_forward(const EncoderLayer& l, const Mat& x, const Mat* mask, Trace* trace,
                          EncoderLayerCache* cache);

// The same for a batch of `sequences` sequences of equal length stacked by rows, x: [B*n, d]:
// the linear layers and norms run on all B*n tokens at once, attention within each sequence
// (mask: [n, n], for each). The cache then holds the whole batch, for encoder_layer_backward.
Mat encoder_layer_forward(const EncoderLayer& l, const Mat& x, int sequences, const Mat* mask, Trace* trace,
                          EncoderLayerCache* cache);

// dy: [n, d] -> dx: [n, d] (or [B*n, d] for a batch); adds the weights' gradients into grad.
Mat encoder_layer_backward(const EncoderLayer& l, const EncoderLayerCache& cache, const Mat& dy, EncoderLayer* grad);

}  // namespace vp
