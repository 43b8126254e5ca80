// Softmax over each row, numerically stable.
#pragma once
#include "nn/tensor.h"

namespace vp {

// softmax(x)_ij = exp(x_ij - max_j x_ij) / sum_k exp(x_ik - max_j x_ij)
// x: [n, m] -> [n, m], each row sums to 1. A row that is all -inf (every key masked)
// gives zeros rather than NaN.
Mat softmax_rows(const Mat& x);

// Backward of y = softmax_rows(x), from the forward's output y: [n, m] and dy: [n, m].
//   dx_ij = y_ij (dy_ij - sum_k dy_ik y_ik)
// An all-zero row of y (fully masked) gets a zero gradient.
Mat softmax_rows_backward(const Mat& y, const Mat& dy);

}  // namespace vp
