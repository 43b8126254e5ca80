#include "core/activations.h"

#include <cmath>

namespace vp {

Activation parse_activation(const std::string& name) {
  if (name == "relu") return Activation::relu;
  if (name == "gelu") return Activation::gelu;
  throw Error("unknown activation '" + name + "' (expected relu or gelu)");
}

const char* activation_name(Activation a) { return a == Activation::relu ? "relu" : "gelu"; }

Mat relu(const Mat& x) { return x.cwiseMax(0.0f); }

Mat gelu(const Mat& x) {
  return x.unaryExpr([](float v) { return 0.5f * v * (1.0f + std::erf(v * 0.70710678118654752f)); });
}

Mat activate(Activation a, const Mat& x) { return a == Activation::relu ? relu(x) : gelu(x); }

}  // namespace vp
