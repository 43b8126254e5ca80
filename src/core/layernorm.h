// Layer normalisation over the feature dimension (each token separately), nn.LayerNorm.
#pragma once
#include "core/tensor.h"

namespace vp {

struct LayerNorm {
  Vec weight;  // gamma: [d]
  Vec bias;    // beta:  [d]
  float eps = 1e-5f;
};

LayerNorm layernorm_identity(int d, float eps = 1e-5f);  // gamma = 1, beta = 0

// y = (x - mean) / sqrt(var + eps) * gamma + beta, mean and (biased) var over each row
// x: [n, d] -> [n, d]
Mat layernorm_forward(const LayerNorm& ln, const Mat& x);

}  // namespace vp
