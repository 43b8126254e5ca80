// Linear (fully connected) layer, PyTorch's nn.Linear.
#pragma once
#include "nn/params.h"

namespace vp {

struct Linear {
  Mat weight;  // [out, in]
  Vec bias;    // [out], or empty for no bias
};

Linear linear_zeros(int in, int out, bool bias = true);

// y = x W^T + b
// x: [n, in] -> y: [n, out]
Mat linear_forward(const Linear& layer, const Mat& x);

// Backward of y = x W^T + b, given dy = dL/dy: [n, out] and the forward's input x: [n, in].
// Adds dW: [out, in] and db: [out] into grad (a Linear of the same shapes); returns dx: [n, in].
Mat linear_backward(const Linear& layer, const Mat& x, const Mat& dy, Linear* grad);

// PyTorch names: "<prefix>.weight", "<prefix>.bias"
void visit_params(Linear& layer, const std::string& prefix, const ParamVisitor& fn);

}  // namespace vp
