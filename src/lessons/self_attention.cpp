#include "lessons/self_attention.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "nn/softmax.h"

namespace vp {

Mat round_rows_keeping_sum(const Mat& weights, int decimals) {
  const double scale = std::pow(10.0, decimals);
  Mat rounded(weights.rows(), weights.cols());
  for (Eigen::Index r = 0; r < weights.rows(); ++r) {
    // floor every entry in units of 10^-decimals, then hand the missing units to the
    // entries with the largest remainders
    std::vector<double> units(weights.cols()), remainder(weights.cols());
    double total = 0, floor_total = 0;
    for (Eigen::Index c = 0; c < weights.cols(); ++c) {
      const double u = weights(r, c) * scale;
      units[c] = std::floor(u);
      remainder[c] = u - units[c];
      total += u;
      floor_total += units[c];
    }
    long missing = std::lround(total) - static_cast<long>(floor_total);
    std::vector<Eigen::Index> order(weights.cols());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return remainder[a] > remainder[b]; });
    for (Eigen::Index i = 0; i < weights.cols() && missing > 0; ++i, --missing) units[order[i]] += 1;
    for (Eigen::Index c = 0; c < weights.cols(); ++c) rounded(r, c) = static_cast<float>(units[c] / scale);
  }
  return rounded;
}

SelfAttentionResult self_attention(const Mat& x, const SelfAttentionWeights& w,
                                   const SelfAttentionOptions& options, Trace* trace) {
  require_finite(x, "input x");
  require_shape(w.w_query, x.cols(), -1, "W_query");
  require_shape(w.w_key, x.cols(), w.w_query.cols(), "W_key");
  require_shape(w.w_value, x.cols(), -1, "W_value");
  require_finite(w.w_query, "W_query");
  require_finite(w.w_key, "W_key");
  require_finite(w.w_value, "W_value");
  if (x.rows() == 0) throw Error("input x has no tokens");
  if (options.round_decimals > 6) throw Error("round_decimals must be at most 6");

  SelfAttentionResult r;
  record(trace, "inputs", "Prepare inputs", "x").out("x", x);

  r.K = x * w.w_key;
  r.Q = x * w.w_query;
  r.V = x * w.w_value;
  record(trace, "qkv", "Queries, keys and values", "Q = x W_query, K = x W_key, V = x W_value")
      .in("x", x).in("W_query", w.w_query).in("W_key", w.w_key).in("W_value", w.w_value)
      .out("Q", r.Q).out("K", r.K).out("V", r.V);

  // scores_ij = q_i . k_j
  r.scores = r.Q * r.K.transpose();
  if (options.scaled) r.scores /= std::sqrt(static_cast<float>(r.Q.cols()));
  record(trace, "scores", "Attention scores", options.scaled ? "Q K^T / sqrt(d_k)" : "Q K^T")
      .in("Q", r.Q).in("K", r.K).out("scores", r.scores);

  r.softmax = softmax_rows(r.scores);
  r.weights = options.round_decimals >= 0 ? round_rows_keeping_sum(r.softmax, options.round_decimals) : r.softmax;
  auto& softmax_step = record(trace, "softmax", "Softmax", "softmax(scores)")
                           .in("scores", r.scores).out("softmax", r.softmax);
  if (options.round_decimals >= 0) softmax_step.out("weights (rounded)", r.weights);

  // step 5: query i scales every value row j by its weight w_ij
  auto& weighted_step = record(trace, "weighted", "Multiply values by weights", "w_ij * v_j");
  weighted_step.in("weights", r.weights).in("V", r.V);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    Mat weighted = r.V.array().colwise() * r.weights.row(i).transpose().array();
    weighted_step.out("weighted values " + std::to_string(i + 1), weighted);
    r.weighted_values.push_back(std::move(weighted));
  }

  // step 6: output_i = sum_j w_ij v_j, which is one matrix product
  r.outputs = r.weights * r.V;
  record(trace, "outputs", "Sum into outputs", "outputs = weights V")
      .in("weights", r.weights).in("V", r.V).out("outputs", r.outputs);
  return r;
}

}  // namespace vp
