// Layer normalisation over the feature dimension (each token separately), nn.LayerNorm.
#pragma once
#include "nn/params.h"

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

// What the backward pass needs from the forward.
struct LayerNormCache {
  Mat xhat;  // [n, d]  (x - mean) * rstd, the normalised input
  Vec rstd;  // [n]     1 / sqrt(var + eps) of each row
};

// The same forward, also filling cache (when not null).
Mat layernorm_forward(const LayerNorm& ln, const Mat& x, LayerNormCache* cache);

// dy: [n, d] -> dx: [n, d]; adds dgamma: [d] and dbeta: [d] into grad.
Mat layernorm_backward(const LayerNorm& ln, const LayerNormCache& cache, const Mat& dy, LayerNorm* grad);

// PyTorch names: "<prefix>.weight", "<prefix>.bias"
void visit_params(LayerNorm& ln, const std::string& prefix, const ParamVisitor& fn);

}  // namespace vp
