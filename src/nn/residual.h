// The residual connection around a sub-layer (attention or feed-forward), with its
// LayerNorm placed after the sum (the paper) or before the sub-layer (ViT).
#pragma once
#include <string>

#include "nn/layernorm.h"
#include "nn/trace.h"

namespace vp {

// One residual sub-layer, in either arrangement:
//   post-norm: LayerNorm(x + f(x))      pre-norm: x + f(LayerNorm(x))
// norm_cache (when not null) receives what layernorm_backward needs.
template <class SubLayer>
Mat residual(const Mat& x, const LayerNorm& norm, bool norm_first, const char* id, Trace* trace,
             LayerNormCache* norm_cache, SubLayer sublayer) {
  if (norm_first) {
    const Mat normed = layernorm_forward(norm, x, norm_cache);
    record(trace, std::string(id) + "_norm", "LayerNorm", "LayerNorm(x)").in("x", x).out("normed", normed);
    const Mat y = x + sublayer(normed);
    record(trace, std::string(id) + "_add", "Add", "x + f(LayerNorm(x))").out("output", y);
    return y;
  }
  const Mat sum = x + sublayer(x);
  const Mat y = layernorm_forward(norm, sum, norm_cache);
  record(trace, std::string(id) + "_add_norm", "Add & Norm", "LayerNorm(x + f(x))")
      .in("x + f(x)", sum).out("output", y);
  return y;
}

// Backward of residual(): dy: [n, d] -> dx: [n, d]. sublayer_backward(dout) returns the
// gradient of the sub-layer's input given that of its output; dnorm receives the LayerNorm's.
template <class SubLayerBackward>
Mat residual_backward(const LayerNorm& norm, bool norm_first, const LayerNormCache& norm_cache, const Mat& dy,
                      LayerNorm* dnorm, SubLayerBackward sublayer_backward) {
  if (norm_first) {
    // forward: y = x + f(LayerNorm(x)): dx = dy (the skip path) + LayerNorm'(f'(dy))
    return dy + layernorm_backward(norm, norm_cache, sublayer_backward(dy), dnorm);
  }
  // forward: y = LayerNorm(x + f(x)): dsum = LayerNorm'(dy), dx = dsum + f'(dsum)
  const Mat dsum = layernorm_backward(norm, norm_cache, dy, dnorm);
  return dsum + sublayer_backward(dsum);
}

}  // namespace vp
