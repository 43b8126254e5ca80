// Transformer decoder layer, PyTorch's nn.TransformerDecoderLayer (dropout 0).
//
// post-norm:  x = LayerNorm(x + MaskedSelfAttention(x))
//             x = LayerNorm(x + CrossAttention(x, memory))     queries from x, keys/values from memory
//             x = LayerNorm(x + FeedForward(x))
// pre-norm:   the same with x + f(LayerNorm(x)) in each line.
#pragma once
#include "models/encoder_layer.h"

namespace vp {

struct DecoderLayer {
  MultiHeadAttention self_attn;       // masked: word i sees words 0..i
  MultiHeadAttention multihead_attn;  // over the encoder's output ("memory")
  FeedForward ff;
  LayerNorm norm1, norm2, norm3;
  bool norm_first = false;
};

DecoderLayer decoder_layer_zeros(const EncoderLayerConfig& c);
// PyTorch names: self_attn.*, multihead_attn.*, linear1.*, linear2.*, norm1..3.*
void visit_params(DecoderLayer& l, const std::string& prefix, const ParamVisitor& fn);

struct DecoderLayerResult {
  Mat output;                            // [n, d]
  std::vector<Mat> self_weights;         // per head [n, n]
  std::vector<Mat> cross_weights;        // per head [n, m]
};

// x: [n, d] target so far, memory: [m, d] the encoder output.
// self_mask: additive [n, n] (causal_mask(n) for training); memory_mask: [n, m] or null.
DecoderLayerResult decoder_layer_forward(const DecoderLayer& l, const Mat& x, const Mat& memory,
                                         const Mat* self_mask, const Mat* memory_mask = nullptr,
                                         Trace* trace = nullptr);

// What the backward pass needs from the forward.
struct DecoderLayerCache {
  MhaCache self_attn, multihead_attn;
  FeedForwardCache ff;
  LayerNormCache norm1, norm2, norm3;
};

// The same forward, also filling cache (when not null).
DecoderLayerResult decoder_layer_forward(const DecoderLayer& l, const Mat& x, const Mat& memory,
                                         const Mat* self_mask, const Mat* memory_mask, Trace* trace,
                                         DecoderLayerCache* cache);

struct DecoderLayerInputGrads {
  Mat x;       // [n, d]
  Mat memory;  // [m, d]
};

// dy: [n, d]; adds the weights' gradients into grad.
DecoderLayerInputGrads decoder_layer_backward(const DecoderLayer& l, const DecoderLayerCache& cache, const Mat& dy,
                                              DecoderLayer* grad);

}  // namespace vp
