#include "nn/tensor.h"

#include <cmath>

namespace vp {

std::string shape_str(const Mat& m) {
  return "[" + std::to_string(m.rows()) + ", " + std::to_string(m.cols()) + "]";
}

void require_shape(const Mat& m, long rows, long cols, const std::string& what) {
  if ((rows >= 0 && m.rows() != rows) || (cols >= 0 && m.cols() != cols)) {
    auto dim = [](long n) { return n < 0 ? std::string("*") : std::to_string(n); };
    throw Error(what + ": expected shape [" + dim(rows) + ", " + dim(cols) + "], got " + shape_str(m));
  }
}

void require_finite(const Mat& m, const std::string& what) {
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c)
      if (!std::isfinite(m(r, c)))
        throw Error(what + " contains " + (std::isnan(m(r, c)) ? "NaN" : "Inf") + " at [" +
                    std::to_string(r) + ", " + std::to_string(c) + "]");
}

Mat from_rows(std::initializer_list<std::initializer_list<float>> rows) {
  const long n = static_cast<long>(rows.size());
  const long d = n ? static_cast<long>(rows.begin()->size()) : 0;
  Mat m(n, d);
  long r = 0;
  for (const auto& row : rows) {
    if (static_cast<long>(row.size()) != d) throw Error("from_rows: rows of different lengths");
    long c = 0;
    for (float v : row) m(r, c++) = v;
    ++r;
  }
  return m;
}

}  // namespace vp
