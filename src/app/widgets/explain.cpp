#include "app/widgets/explain.h"

#include <cmath>
#include <cstdio>

#include "app/widgets/matrix_view.h"

namespace vp::app {

std::string short_number(float v) {
  if (!std::isfinite(v)) return format_number(v, {});
  char text[32];
  std::snprintf(text, sizeof(text), "%.4g", v);
  return text;
}

namespace {
// a negative factor gets brackets: 2×(-1), so the terms read unambiguously
std::string factor(float v) { return v < 0 ? "(" + short_number(v) + ")" : short_number(v); }
}  // namespace

std::string product_terms(const Mat& a, const Mat& b) {
  std::string s;
  for (Eigen::Index k = 0; k < a.size() && k < b.size(); ++k) {
    if (k) s += " + ";
    s += factor(a.data()[k]) + "×" + factor(b.data()[k]);
  }
  return s;
}

std::string softmax_terms(const Mat& scores_row, int j) {
  std::string sum;
  for (Eigen::Index k = 0; k < scores_row.size(); ++k) {
    if (k) sum += " + ";
    sum += "exp(" + short_number(scores_row.data()[k]) + ")";
  }
  return "exp(" + short_number(scores_row.data()[j]) + ") / (" + sum + ")";
}

}  // namespace vp::app
