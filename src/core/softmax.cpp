#include "core/softmax.h"

#include <cmath>
#include <limits>

namespace vp {

Mat softmax_rows(const Mat& x) {
  Mat y(x.rows(), x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    // subtracting the row max keeps exp() from overflowing; it cancels in the ratio
    const float max = x.row(r).maxCoeff();
    if (max == -std::numeric_limits<float>::infinity()) {
      y.row(r).setZero();
      continue;
    }
    y.row(r) = (x.row(r).array() - max).exp();
    y.row(r) /= y.row(r).sum();
  }
  return y;
}

Mat softmax_rows_backward(const Mat& y, const Mat& dy) {
  // forward: y_ij = exp(x_ij) / sum_k exp(x_ik), whose Jacobian is dy_ij/dx_il = y_ij (δ_jl - y_il), so
  //   dx_il = sum_j dy_ij y_ij (δ_jl - y_il) = y_il (dy_il - sum_j dy_ij y_ij)
  const Eigen::VectorXf dot = (dy.array() * y.array()).rowwise().sum();  // [n]
  return (y.array() * (dy.colwise() - dot).array()).matrix();
}

}  // namespace vp
