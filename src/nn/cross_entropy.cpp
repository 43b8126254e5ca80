#include "nn/cross_entropy.h"

#include <cmath>

#include "nn/softmax.h"

namespace vp {

float cross_entropy_forward(const Mat& logits, const std::vector<int>& targets, const CrossEntropyOptions& options,
                            CrossEntropyCache* cache) {
  const long n = logits.rows(), classes = logits.cols();
  if (static_cast<long>(targets.size()) != n)
    throw Error("cross-entropy: " + std::to_string(n) + " rows of logits but " + std::to_string(targets.size()) +
                " targets");
  if (!(options.label_smoothing >= 0.0f && options.label_smoothing <= 1.0f))
    throw Error("label smoothing must be in [0, 1], got " + std::to_string(options.label_smoothing));
  const float s = options.label_smoothing;
  double total = 0;
  int counted = 0;
  for (long i = 0; i < n; ++i) {
    const int t = targets[i];
    if (t == options.ignore_index) continue;
    if (t < 0 || t >= classes)
      throw Error("target " + std::to_string(t) + " is outside the classes [0, " + std::to_string(classes) + ")");
    // log p_c = logits_c - logsumexp(logits), stable with the row max subtracted
    const float max = logits.row(i).maxCoeff();
    const float logsumexp = max + std::log((logits.row(i).array() - max).exp().sum());
    // -sum_c q_c log p_c = -(1 - s) log p_t - (s / C) sum_c log p_c
    const double log_pt = logits(i, t) - logsumexp;
    const double sum_log_p = logits.row(i).sum() - classes * logsumexp;
    total += -(1.0 - s) * log_pt - s / classes * sum_log_p;
    ++counted;
  }
  if (cache) *cache = {softmax_rows(logits), targets, counted};
  // PyTorch gives NaN (0 / 0) when every target is ignored; 0 is more useful here
  return counted ? static_cast<float>(total / counted) : 0.0f;
}

Mat cross_entropy_backward(const CrossEntropyCache& cache, const CrossEntropyOptions& options, float dloss) {
  // forward: loss = (1/N) sum_i -sum_c q_c log softmax(logits_i)_c, whose gradient is the
  // well-known  dlogits_i = (p_i - q_i) / N  (sum_c q_c = 1); ignored rows get 0
  Mat dlogits = Mat::Zero(cache.probs.rows(), cache.probs.cols());
  if (cache.counted == 0) return dlogits;
  const float s = options.label_smoothing, scale = dloss / cache.counted;
  const float uniform = s / static_cast<float>(cache.probs.cols());
  for (Eigen::Index i = 0; i < cache.probs.rows(); ++i) {
    const int t = cache.targets[i];
    if (t == options.ignore_index) continue;
    dlogits.row(i) = (cache.probs.row(i).array() - uniform) * scale;
    dlogits(i, t) -= (1.0f - s) * scale;
  }
  return dlogits;
}

}  // namespace vp
