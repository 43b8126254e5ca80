// Cross-entropy on logits, PyTorch's nn.CrossEntropyLoss (reduction "mean"), with optional
// label smoothing and an ignored target value (padding).
//
//   p = softmax(logits_i)                                   one row per example
//   q = (1 - s) onehot(target_i) + s / C                    s = label_smoothing, C classes
//   loss = (1 / N) sum_i  -sum_c q_c log p_c                N = rows whose target is not ignored
#pragma once
#include <vector>

#include "nn/tensor.h"

namespace vp {

struct CrossEntropyOptions {
  float label_smoothing = 0.0f;  // s in [0, 1]
  int ignore_index = -100;       // rows with this target add nothing to the loss (PyTorch's default)
};

// What the backward pass needs from the forward.
struct CrossEntropyCache {
  Mat probs;                 // [N, C] softmax of each row
  std::vector<int> targets;  // [N]
  int counted = 0;           // rows not ignored
};

// logits: [N, C], targets: N class ids in [0, C) (or ignore_index) -> the mean loss.
// Throws vp::Error for a target outside the classes or a smoothing outside [0, 1].
float cross_entropy_forward(const Mat& logits, const std::vector<int>& targets, const CrossEntropyOptions& options,
                            CrossEntropyCache* cache = nullptr);

// dloss: the gradient of the loss (1 for the loss itself) -> dlogits: [N, C].
Mat cross_entropy_backward(const CrossEntropyCache& cache, const CrossEntropyOptions& options, float dloss = 1.0f);

}  // namespace vp
