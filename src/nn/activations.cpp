#include "nn/activations.h"

#include <unsupported/Eigen/SpecialFunctions>

namespace vp {

Activation parse_activation(const std::string& name) {
  if (name == "relu") return Activation::relu;
  if (name == "gelu") return Activation::gelu;
  throw Error("unknown activation '" + name + "' (expected relu or gelu)");
}

const char* activation_name(Activation a) { return a == Activation::relu ? "relu" : "gelu"; }

namespace {
// Phi(x) = 0.5 (1 + erf(x / sqrt 2)), the standard normal CDF, element-wise. Eigen's erf (a
// rational approximation, a few ulp from the exact value) works on whole SIMD vectors where
// std::erf takes one float at a time.
auto normal_cdf(const Mat& x) { return 0.5f * (1.0f + (x.array() * 0.70710678118654752f).erf()); }
}  // namespace

Mat relu(const Mat& x) { return x.cwiseMax(0.0f); }

Mat gelu(const Mat& x) { return (x.array() * normal_cdf(x)).matrix(); }

Mat activate(Activation a, const Mat& x) { return a == Activation::relu ? relu(x) : gelu(x); }

Mat relu_backward(const Mat& x, const Mat& dy) {
  // forward: max(0, x), slope 1 where x > 0 and 0 elsewhere (PyTorch also takes 0 at x = 0)
  return (x.array() > 0.0f).select(dy, 0.0f);
}

Mat gelu_backward(const Mat& x, const Mat& dy) {
  // forward: 0.5 x (1 + erf(x / sqrt 2)) = x Phi(x); product rule: Phi(x) + x Phi'(x)
  const auto pdf = 0.39894228040143268f * (-0.5f * x.array().square()).exp();  // 1 / sqrt(2 pi)
  return (dy.array() * (normal_cdf(x) + x.array() * pdf)).matrix();
}

Mat activate_backward(Activation a, const Mat& x, const Mat& dy) {
  return a == Activation::relu ? relu_backward(x, dy) : gelu_backward(x, dy);
}

}  // namespace vp
