#include "nn/layernorm.h"

#include <cmath>

namespace vp {

LayerNorm layernorm_identity(int d, float eps) { return {Vec::Ones(d), Vec::Zero(d), eps}; }

Mat layernorm_forward(const LayerNorm& ln, const Mat& x) { return layernorm_forward(ln, x, nullptr); }

Mat layernorm_forward(const LayerNorm& ln, const Mat& x, LayerNormCache* cache) {
  if (x.cols() != ln.weight.size())
    throw Error("layernorm: input has " + std::to_string(x.cols()) + " features, expected " +
                std::to_string(ln.weight.size()));
  Mat xhat(x.rows(), x.cols());
  Vec rstd(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    const float mean = x.row(r).mean();
    const float var = (x.row(r).array() - mean).square().mean();
    rstd(r) = 1.0f / std::sqrt(var + ln.eps);
    xhat.row(r) = (x.row(r).array() - mean) * rstd(r);
  }
  // y = xhat * gamma + beta
  Mat y = (xhat.array().rowwise() * ln.weight.array()).rowwise() + ln.bias.array();
  if (cache) *cache = {std::move(xhat), std::move(rstd)};
  return y;
}

Mat layernorm_backward(const LayerNorm& ln, const LayerNormCache& cache, const Mat& dy, LayerNorm* grad) {
  // One pass row by row (no [n, d] temporary): each row of dy and xhat is used while it is
  // still in the CPU cache.
  Mat dx(dy.rows(), dy.cols());
  Vec dxhat(dy.cols());  // [d]
  for (Eigen::Index r = 0; r < dy.rows(); ++r) {
    // forward: y = xhat * gamma + beta
    grad->weight += dy.row(r).cwiseProduct(cache.xhat.row(r));
    grad->bias += dy.row(r);
    dxhat = dy.row(r).cwiseProduct(ln.weight);
    // forward: xhat = (x - mean) * rstd, mean and var over the row's d entries. Through both
    // the direct path and the row statistics:
    //   dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
    const float mean_dxhat = dxhat.mean();
    const float mean_dxhat_xhat = dxhat.dot(cache.xhat.row(r)) / static_cast<float>(dy.cols());
    dx.row(r) = cache.rstd(r) * (dxhat.array() - mean_dxhat - cache.xhat.row(r).array() * mean_dxhat_xhat);
  }
  return dx;
}

void visit_params(LayerNorm& ln, const std::string& prefix, const ParamVisitor& fn) {
  visit_param(join_name(prefix, "weight"), ln.weight, fn);
  visit_param(join_name(prefix, "bias"), ln.bias, fn);
}

}  // namespace vp
