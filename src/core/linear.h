// Linear (fully connected) layer, PyTorch's nn.Linear.
#pragma once
#include "core/tensor.h"

namespace vp {

struct Linear {
  Mat weight;  // [out, in]
  Vec bias;    // [out], or empty for no bias
};

Linear linear_zeros(int in, int out, bool bias = true);

// y = x W^T + b
// x: [n, in] -> y: [n, out]
Mat linear_forward(const Linear& layer, const Mat& x);

}  // namespace vp
