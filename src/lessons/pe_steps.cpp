#include "lessons/pe_steps.h"

#include <cmath>

#include "nn/positional_encoding.h"

namespace vp {

Mat pe_neighbour_steps(const Mat& pe) {
  if (pe.rows() < 2) return Mat(0, pe.cols());
  return pe.bottomRows(pe.rows() - 1) - pe.topRows(pe.rows() - 1);
}

std::vector<PeTerm> pe_terms(int pos, int d) {
  if (pos < 0 || d < 1) throw Error("a sinusoidal code needs pos >= 0 and d >= 1");
  std::vector<PeTerm> terms;
  for (int c = 0; c < d; ++c) {
    PeTerm t;
    t.dim = c;
    t.pair = c / 2;
    t.exponent = 2.0 * t.pair / d;
    t.divisor = std::pow(10000.0, t.exponent);
    t.angle = pos / t.divisor;
    t.is_sin = c % 2 == 0;
    t.value = t.is_sin ? std::sin(t.angle) : std::cos(t.angle);
    terms.push_back(t);
  }
  return terms;
}

PeShift pe_shift(int pos, int k, int d, Trace* trace) {
  if (pos < 0 || pos + k < 0) throw Error("pe_shift needs pos >= 0 and pos + k >= 0");
  if (d < 2 || d % 2 != 0) throw Error("pe_shift needs an even d >= 2 (each sin has a cos partner)");
  const int n = std::max(pos, pos + k) + 1;
  const Mat pe = pe_sinusoidal(n, d);  // [n, d]
  PeShift s;
  s.M = pe_shift_matrix(k, d);
  s.pe_pos = pe.row(pos).transpose();
  s.shifted = s.M * s.pe_pos;  // [d, d] x [d, 1]
  s.pe_target = pe.row(pos + k).transpose();
  s.max_difference = (s.shifted - s.pe_target).cwiseAbs().maxCoeff();
  record(trace, "shift", "PE(pos + k) = M_k PE(pos)", "M_k = diag(R(k w_i))")
      .in("M_k", s.M).in("PE(pos)", s.pe_pos).out("M_k PE(pos)", s.shifted).out("PE(pos + k)", s.pe_target);
  return s;
}

}  // namespace vp
