// Appendix B of the article worked through: what the scene shows next to the three
// positional-encoding schemes of positional_encoding.h.
#pragma once
#include <vector>

#include "nn/trace.h"

namespace vp {

// The gap between neighbouring positions: step(pos) = PE(pos + 1) - PE(pos)    pe: [n, d] -> [n - 1, d]
// Scheme 2 (pos / n) has gap 1/n: 0.25 for four words, 0.01 for a hundred.
Mat pe_neighbour_steps(const Mat& pe);

// One entry of the sinusoidal code, term by term, as the article works 秃 (pos 0) and 头 (pos 1):
//   PE(pos, 2i)   = sin(pos / 10000^(2i/d))
//   PE(pos, 2i+1) = cos(pos / 10000^(2i/d))
struct PeTerm {
  int dim;          // c, the column of the code
  int pair;         // i = c / 2
  double exponent;  // 2i / d
  double divisor;   // 10000^(2i/d)
  double angle;     // pos / divisor, in radians
  bool is_sin;      // c even: sin, c odd: cos
  double value;     // sin(angle) or cos(angle): equals pe_sinusoidal(pos + 1, d)(pos, c)
};
// d terms, one per dimension. Throws vp::Error for pos < 0 or d < 1.
std::vector<PeTerm> pe_terms(int pos, int d);

// The linear-shift property checked at one position, with codes as column vectors:
//   PE(pos + k) = M_k PE(pos),   M_k = diag(R(k w_0), R(k w_1), ...),
//   R(b) = [[cos b, sin b], [-sin b, cos b]]  rotates each (sin, cos) pair by k w_i.
struct PeShift {
  Mat M;               // [d, d]  pe_shift_matrix(k, d)
  Mat pe_pos;          // [d, 1]  PE(pos)
  Mat shifted;         // [d, 1]  M_k PE(pos)
  Mat pe_target;       // [d, 1]  PE(pos + k)
  float max_difference;  // max |M_k PE(pos) - PE(pos + k)|: float rounding only
};
// Needs pos >= 0, pos + k >= 0 and an even d (an odd d leaves a sin without its cos).
// Records the step "shift".
PeShift pe_shift(int pos, int k, int d, Trace* trace = nullptr);

}  // namespace vp
