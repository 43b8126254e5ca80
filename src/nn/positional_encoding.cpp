#include "nn/positional_encoding.h"

#include <cmath>

namespace vp {

namespace {
void require_size(int n, int d) {
  if (n < 0 || d < 1) throw Error("positional encoding needs n >= 0 positions and d >= 1 dims");
}
}  // namespace

Mat pe_index(int n, int d) {
  require_size(n, d);
  Mat pe(n, d);
  for (int pos = 0; pos < n; ++pos) pe.row(pos).setConstant(static_cast<float>(pos));
  return pe;
}

Mat pe_index_over_length(int n, int d) {
  require_size(n, d);
  Mat pe(n, d);
  for (int pos = 0; pos < n; ++pos) pe.row(pos).setConstant(static_cast<float>(pos) / static_cast<float>(n));
  return pe;
}

double pe_frequency(int i, int d) { return 1.0 / std::pow(10000.0, 2.0 * i / d); }

Mat pe_sinusoidal(int n, int d) {
  require_size(n, d);
  Mat pe(n, d);
  for (int pos = 0; pos < n; ++pos)
    for (int c = 0; c < d; ++c) {
      const double angle = pos * pe_frequency(c / 2, d);
      pe(pos, c) = static_cast<float>(c % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  return pe;
}

Mat pe_shift_matrix(int k, int d) {
  require_size(0, d);
  Mat m = Mat::Zero(d, d);
  for (int c = 0; c + 1 < d; c += 2) {
    const double b = k * pe_frequency(c / 2, d);
    m(c, c) = static_cast<float>(std::cos(b));
    m(c, c + 1) = static_cast<float>(std::sin(b));
    m(c + 1, c) = static_cast<float>(-std::sin(b));
    m(c + 1, c + 1) = static_cast<float>(std::cos(b));
  }
  // odd d: the last dim is a lone sin with no cos partner, so no fixed linear map moves it
  // for every pos; leave it out (zero row) and say so where it is shown
  return m;
}

}  // namespace vp
