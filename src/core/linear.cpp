#include "core/linear.h"

namespace vp {

Linear linear_zeros(int in, int out, bool bias) {
  return {Mat::Zero(out, in), bias ? Vec::Zero(out) : Vec()};
}

Mat linear_forward(const Linear& layer, const Mat& x) {
  if (x.cols() != layer.weight.cols())
    throw Error("linear: input has " + std::to_string(x.cols()) + " features, weight expects " +
                std::to_string(layer.weight.cols()));
  Mat y = x * layer.weight.transpose();
  if (layer.bias.size()) y.rowwise() += layer.bias;
  return y;
}

}  // namespace vp
