#include "nn/softmax.h"

#include <cmath>
#include <limits>

namespace vp {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();
}

Mat softmax_rows(const Mat& x) {
  // subtracting the row max keeps exp() from overflowing; it cancels in the ratio
  const Eigen::VectorXf max = x.rowwise().maxCoeff();  // [n]
  Mat y(x.rows(), x.cols());
  for (Eigen::Index r = 0; r < x.rows(); ++r) y.row(r) = x.row(r).array() - max(r);
  // exp over the whole matrix at once: its SIMD vectors run on across the ends of short rows
  // (attention's rows of 17 would leave one entry per row to a scalar exp). Then a masked
  // entry (-inf) gets exactly 0, where the vectorized exp gives the smallest float instead (a
  // separate pass: exp inside Eigen's select() would run one float at a time).
  y = y.array().exp();
  y = (x.array() == kNegInf).select(0.0f, y);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    if (max(r) == kNegInf)
      y.row(r).setZero();  // every entry masked: no weight anywhere (x - max was -inf - -inf = NaN)
    else
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
