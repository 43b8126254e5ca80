// Self-attention exactly as the article walks through it, in six steps:
//   1 inputs x                      [n, d_in]
//   2 Q = x W_query, K = x W_key, V = x W_value      (W: [d_in, d_k] / [d_in, d_v])
//   3 scores = Q K^T                (the article does not divide by sqrt(d_k))
//   4 weights = softmax(scores) over each row
//   5 weighted values: w_ij v_j     one [n, d_v] matrix per query i
//   6 outputs_i = sum_j w_ij v_j    [n, d_v]
// Here weights multiply from the right (x W), as in the article; the layers in
// multihead_attention.h keep PyTorch's x W^T layout instead.
#pragma once
#include "nn/trace.h"

namespace vp {

struct SelfAttentionWeights {
  Mat w_query;  // [d_in, d_k]
  Mat w_key;    // [d_in, d_k]
  Mat w_value;  // [d_in, d_v]
};

struct SelfAttentionOptions {
  bool scaled = false;     // divide scores by sqrt(d_k)
  int round_decimals = -1; // >= 0: round the softmax weights as the article does (see below)
};

struct SelfAttentionResult {
  Mat Q, K, V, scores, softmax, weights, outputs;
  std::vector<Mat> weighted_values;  // [n] of [n, d_v]: row j of entry i is w_ij v_j
};

// Rounds each row to `decimals` places so the row still sums to 1 (largest-remainder
// rounding). This is what the article did: 0.0634 0.4683 0.4683 became 0.0 0.5 0.5,
// where rounding each entry alone would give 0.1 0.5 0.5 (a row summing to 1.1).
Mat round_rows_keeping_sum(const Mat& weights, int decimals);

// Throws vp::Error if shapes disagree or anything is NaN/Inf (user-typed matrices).
SelfAttentionResult self_attention(const Mat& x, const SelfAttentionWeights& w,
                                   const SelfAttentionOptions& options, Trace* trace = nullptr);

}  // namespace vp
