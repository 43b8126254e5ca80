// Scaled dot-product attention, the operation inside every transformer layer.
//
//   Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k) + M) V          (Vaswani et al., eq. 1)
//
// The article's worked example leaves out the 1/sqrt(d_k); `scaled` turns it on or off.
#pragma once
#include <vector>

#include "nn/trace.h"

namespace vp {

struct AttentionOptions {
  bool scaled = true;          // divide the scores by sqrt(d_k)
  const Mat* mask = nullptr;   // additive, [n_q, n_k]: 0 = may attend, -inf = may not
};

struct AttentionResult {
  Mat scores;   // [n_q, n_k]  Q K^T (scaled, masked)
  Mat weights;  // [n_q, n_k]  softmax over each row
  Mat output;   // [n_q, d_v]  weights V
};

// Q: [n_q, d_k], K: [n_k, d_k], V: [n_k, d_v] (blocks of larger matrices are taken without copying)
AttentionResult attention_forward(const Eigen::Ref<const Mat>& Q, const Eigen::Ref<const Mat>& K,
                                  const Eigen::Ref<const Mat>& V, const AttentionOptions& options,
                                  Trace* trace = nullptr);

// dL/dQ, dL/dK, dL/dV
struct AttentionGrads {
  Mat Q;  // [n_q, d_k]
  Mat K;  // [n_k, d_k]
  Mat V;  // [n_k, d_v]
};

// Backward of attention_forward, given the forward's inputs (blocks without copying, as
// there), its softmax weights: [n_q, n_k] and doutput: [n_q, d_v]. The mask is a constant:
// it only reaches the gradient through the weights, which are 0 where the mask is -inf.
AttentionGrads attention_backward(const Eigen::Ref<const Mat>& Q, const Eigen::Ref<const Mat>& K,
                                  const Eigen::Ref<const Mat>& V, const Mat& weights, bool scaled,
                                  const Eigen::Ref<const Mat>& doutput);

// Lower-triangular mask: word i sees words 0..i.   [n, n], 0 on/below the diagonal, -inf above.
Mat causal_mask(int n);
// Key padding: keys j with valid[j] == false are hidden from every query.   [n_q, n_k]
Mat padding_mask(int n_q, const std::vector<bool>& valid_keys);
// Boolean mask (PyTorch convention: nonzero = NOT allowed) to the additive form.
Mat additive_mask_from_bool(const Mat& blocked);
// Both masks at once (elementwise sum of additive masks).
Mat combine_masks(const Mat& a, const Mat& b);

}  // namespace vp
