// Softmax over each row, numerically stable.
#pragma once
#include "core/tensor.h"

namespace vp {

// softmax(x)_ij = exp(x_ij - max_j x_ij) / sum_k exp(x_ik - max_j x_ij)
// x: [n, m] -> [n, m], each row sums to 1. A row that is all -inf (every key masked)
// gives zeros rather than NaN.
Mat softmax_rows(const Mat& x);

}  // namespace vp
