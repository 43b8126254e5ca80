// The residual connection around a sub-layer (attention or feed-forward), with its
// LayerNorm placed after the sum (the paper) or before the sub-layer (ViT).
#pragma once
#include <string>

#include "core/layernorm.h"
#include "core/trace.h"

namespace vp {

// One residual sub-layer, in either arrangement:
//   post-norm: LayerNorm(x + f(x))      pre-norm: x + f(LayerNorm(x))
template <class SubLayer>
Mat residual(const Mat& x, const LayerNorm& norm, bool norm_first, const char* id, Trace* trace,
             SubLayer sublayer) {
  if (norm_first) {
    const Mat normed = layernorm_forward(norm, x);
    record(trace, std::string(id) + "_norm", "LayerNorm", "LayerNorm(x)").in("x", x).out("normed", normed);
    const Mat y = x + sublayer(normed);
    record(trace, std::string(id) + "_add", "Add", "x + f(LayerNorm(x))").out("output", y);
    return y;
  }
  const Mat sum = x + sublayer(x);
  const Mat y = layernorm_forward(norm, sum);
  record(trace, std::string(id) + "_add_norm", "Add & Norm", "LayerNorm(x + f(x))")
      .in("x + f(x)", sum).out("output", y);
  return y;
}

}  // namespace vp
