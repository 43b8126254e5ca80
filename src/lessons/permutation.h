// Attention alone does not see word order. Permute the tokens and its outputs come out
// permuted the same way, with the same values (it is permutation-equivariant):
//   Attention(P x) = P Attention(x)          P: a permutation matrix
// since (P Q)(P K)^T = P (Q K^T) P^T and softmax works row by row. Adding a code per
// *position* (PE stays where it is while the tokens move) breaks this: P x + PE != P (x + PE).
#pragma once
#include <vector>

#include "lessons/self_attention.h"

namespace vp {

// Row i of the result is row perm[i] of m (that is P m).  m: [n, d] -> [n, d]
// Throws vp::Error unless perm holds each of 0..n-1 once.
Mat permute_rows(const Mat& m, const std::vector<int>& perm);
// q with q[perm[i]] = i, so permute_rows(permute_rows(m, perm), q) == m
std::vector<int> inverse_permutation(const std::vector<int>& perm);

struct OrderCheck {
  Mat x;                   // [n, d]    tokens + pe, in the original order
  Mat x_permuted;          // [n, d]    P tokens + pe  (the codes stay with the positions)
  Mat out;                 // [n, d_v]  self_attention(x)
  Mat out_permuted;        // [n, d_v]  self_attention(x_permuted)
  Mat out_permuted_back;   // [n, d_v]  P^-1 out_permuted
  float max_difference;    // max |out - P^-1 out_permuted|: 0 (up to rounding) without pe
};

// tokens: [n, d]; perm: n entries; pe: [n, d], or empty for no positional encoding.
// Runs the article's self-attention (w) on both orders. Records "inputs" and "outputs".
OrderCheck attention_order_check(const Mat& tokens, const std::vector<int>& perm, const Mat& pe,
                                 const SelfAttentionWeights& w, Trace* trace = nullptr);

}  // namespace vp
