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

}  // namespace vp
