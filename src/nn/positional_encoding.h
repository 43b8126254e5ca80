// Positional encodings: attention alone is blind to word order (permute the inputs and the
// outputs only permute), so each position gets a code added to its embedding.
// The article weighs three candidates:
#pragma once
#include "nn/tensor.h"

namespace vp {

// 1. the index itself: PE(pos, i) = pos. Grows without bound with the sentence length.
Mat pe_index(int n, int d);

// 2. the index over the length: PE(pos, i) = pos / n (0, 0.25, 0.5, 0.75 for n = 4; the
//    article's example). Bounded, but the step between neighbours depends on n.
//    (pos / (n - 1) would end at 1; the article divides by n.)
Mat pe_index_over_length(int n, int d);

// 3. the paper's sinusoids:
//    PE(pos, 2i)   = sin(pos / 10000^(2i/d))
//    PE(pos, 2i+1) = cos(pos / 10000^(2i/d))
Mat pe_sinusoidal(int n, int d);
// the angular frequency of pair i: w_i = 1 / 10000^(2i/d)
double pe_frequency(int i, int d);

// The linear-shift property: for every offset k there is a fixed matrix M_k with
//    PE(pos + k) = M_k PE(pos)   (as column vectors) for every pos.
// M_k is block diagonal, one 2x2 rotation by angle k w_i per (sin, cos) pair:
//    [sin(a + b)]   [ cos b  sin b] [sin a]
//    [cos(a + b)] = [-sin b  cos b] [cos a]
Mat pe_shift_matrix(int k, int d);

}  // namespace vp
