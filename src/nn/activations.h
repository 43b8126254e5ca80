// Element-wise activations used by the feed-forward block.
#pragma once
#include <string>

#include "nn/tensor.h"

namespace vp {

enum class Activation { relu, gelu };

// "relu" / "gelu"; throws vp::Error for anything else.
Activation parse_activation(const std::string& name);
const char* activation_name(Activation a);

// relu(x) = max(0, x)
Mat relu(const Mat& x);
// gelu(x) = x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))   (exact form, PyTorch's default)
Mat gelu(const Mat& x);
Mat activate(Activation a, const Mat& x);

// Backward of y = activate(a, x), from the forward's input x: [n, m] and dy: [n, m].
// relu:  dx = dy * (x > 0)
// gelu:  dx = dy * (Phi(x) + x phi(x)),  phi(x) = exp(-x^2 / 2) / sqrt(2 pi)
Mat relu_backward(const Mat& x, const Mat& dy);
Mat gelu_backward(const Mat& x, const Mat& dy);
Mat activate_backward(Activation a, const Mat& x, const Mat& dy);

}  // namespace vp
