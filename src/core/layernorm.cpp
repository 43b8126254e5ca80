#include "core/layernorm.h"

#include <cmath>

namespace vp {

LayerNorm layernorm_identity(int d, float eps) { return {Vec::Ones(d), Vec::Zero(d), eps}; }

Mat layernorm_forward(const LayerNorm& ln, const Mat& x) {
  if (x.cols() != ln.weight.size())
    throw Error("layernorm: input has " + std::to_string(x.cols()) + " features, expected " +
                std::to_string(ln.weight.size()));
  Mat y(x.rows(), x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const float mean = x.row(r).mean();
    const float var = (x.row(r).array() - mean).square().mean();
    const float rstd = 1.0f / std::sqrt(var + ln.eps);
    y.row(r) = ((x.row(r).array() - mean) * rstd * ln.weight.array() + ln.bias.array()).matrix();
  }
  return y;
}

}  // namespace vp
