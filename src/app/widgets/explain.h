// Tooltip text that spells out how a cell was computed, term by term, from numbers the core
// produced. Formatting only: the results shown next to these terms come from the traces.
#pragma once
#include <string>

#include "nn/tensor.h"

namespace vp::app {

// "1×0 + 0×1 + 2×1": a[k] × b[k] for every k (a and b: equal-length rows or columns)
std::string product_terms(const Mat& a, const Mat& b);

// "exp(2) / (exp(2) + exp(4) + exp(4))" for entry j of a row of scores
std::string softmax_terms(const Mat& scores_row, int j);

// 4 significant digits, the precision of the tooltips: 0.06338, 2, -1.5
std::string short_number(float v);

}  // namespace vp::app
