#include "nn/attention.h"

#include <cmath>
#include <limits>

#include "nn/gemm.h"
#include "nn/softmax.h"

namespace vp {

namespace {
constexpr float kNegInf = -std::numeric_limits<float>::infinity();
}

AttentionResult attention_forward(const Eigen::Ref<const Mat>& Q, const Eigen::Ref<const Mat>& K,
                                  const Eigen::Ref<const Mat>& V, const AttentionOptions& options, Trace* trace) {
  if (Q.cols() != K.cols())
    throw Error("attention: queries have " + std::to_string(Q.cols()) + " dims but keys have " +
                std::to_string(K.cols()));
  if (K.rows() != V.rows())
    throw Error("attention: " + std::to_string(K.rows()) + " keys but " + std::to_string(V.rows()) + " values");
  if (options.mask) require_shape(*options.mask, Q.rows(), K.rows(), "attention mask");

  AttentionResult r;
  // scores_ij = q_i . k_j  (/ sqrt(d_k)): how much query i matches key j
  r.scores = matmul_transposed(Q, K);
  if (options.scaled) r.scores /= std::sqrt(static_cast<float>(Q.cols()));
  record(trace, "scores", "Scores", options.scaled ? "Q K^T / sqrt(d_k)" : "Q K^T")
      .in("Q", Q).in("K", K).out("scores", r.scores);

  if (options.mask) {
    r.scores += *options.mask;
    record(trace, "mask", "Mask", "scores + M").in("M", *options.mask).out("masked scores", r.scores);
  }

  r.weights = softmax_rows(r.scores);
  record(trace, "softmax", "Softmax", "softmax(scores)").in("scores", r.scores).out("weights", r.weights);

  // output_i = sum_j weights_ij v_j
  r.output = matmul(r.weights, V);
  record(trace, "output", "Weighted sum", "weights V").in("weights", r.weights).in("V", V).out("output", r.output);
  return r;
}

AttentionGrads attention_backward(const Eigen::Ref<const Mat>& Q, const Eigen::Ref<const Mat>& K,
                                  const Eigen::Ref<const Mat>& V, const Mat& weights, bool scaled,
                                  const Eigen::Ref<const Mat>& doutput) {
  AttentionGrads g;
  // forward: output = weights V
  const Mat dweights = matmul_transposed(doutput, V);  // [n_q, d_v] [d_v, n_k] -> [n_q, n_k]
  g.V = matmul_transposed_a(weights, doutput);         // [n_k, n_q] [n_q, d_v] -> [n_k, d_v]
  // forward: weights = softmax(scores); scores += M passes the gradient through unchanged
  Mat dscores = softmax_rows_backward(weights, dweights);  // [n_q, n_k]
  // forward: scores = Q K^T / sqrt(d_k)
  if (scaled) dscores /= std::sqrt(static_cast<float>(Q.cols()));
  g.Q = matmul(dscores, K);               // [n_q, n_k] [n_k, d_k] -> [n_q, d_k]
  g.K = matmul_transposed_a(dscores, Q);  // [n_k, n_q] [n_q, d_k] -> [n_k, d_k]
  return g;
}

Mat causal_mask(int n) {
  Mat m = Mat::Zero(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) m(i, j) = kNegInf;
  return m;
}

Mat padding_mask(int n_q, const std::vector<bool>& valid_keys) {
  Mat m = Mat::Zero(n_q, static_cast<Eigen::Index>(valid_keys.size()));
  for (size_t j = 0; j < valid_keys.size(); ++j)
    if (!valid_keys[j]) m.col(static_cast<Eigen::Index>(j)).setConstant(kNegInf);
  return m;
}

Mat additive_mask_from_bool(const Mat& blocked) {
  return blocked.unaryExpr([](float b) { return b != 0.0f ? kNegInf : 0.0f; });
}

Mat combine_masks(const Mat& a, const Mat& b) {
  require_shape(b, a.rows(), a.cols(), "second mask");
  return a + b;
}

}  // namespace vp
