// Training a model: AdamW (Loshchilov & Hutter 2019), linear warm-up then cosine decay of
// the learning rate, and clipping of the gradient norm. Parameters and their gradients are
// walked together by the module's visit_params (same names, same order).
#pragma once
#include <cmath>
#include <vector>

#include "nn/params.h"

namespace vp {

template <class Module>
std::vector<ParamRef> param_refs(Module& m) {
  std::vector<ParamRef> refs;
  visit_params(m, "", [&](const ParamRef& p) { refs.push_back(p); });
  return refs;
}

struct LrSchedule {
  float peak = 1e-3f;  // reached at the end of the warm-up
  float min = 1e-5f;   // reached at `total`
  int warmup = 0;      // steps of linear warm-up from 0
  int total = 1;       // steps in the whole run
  // lr(t) = peak t / warmup                                   t < warmup
  //       = min + (peak - min) (1 + cos(pi (t - warmup) / (total - warmup))) / 2   after
  float at(int step) const;
};

struct AdamWConfig {
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;
  float weight_decay = 0.05f;  // decoupled; applied to matrices only, not to biases or gains
};

class AdamW {
 public:
  explicit AdamW(AdamWConfig config = {}) : config_(config) {}

  // m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
  // w -= lr (m_hat / (sqrt(v_hat) + eps) + wd w)      m_hat = m / (1 - b1^t), v_hat likewise
  // params and grads: param_refs() of a model and of its gradient struct.
  void step(const std::vector<ParamRef>& params, const std::vector<ParamRef>& grads, float lr);
  int steps_taken() const { return t_; }

 private:
  AdamWConfig config_;
  int t_ = 0;
  std::vector<std::vector<float>> m_, v_;
};

// The hyper-parameters of a training run with this optimizer and schedule.
struct TrainingHyperParameters {
  int epochs = 10;
  int batch_size = 32;
  float lr = 1e-3f, min_lr = 1e-5f;  // the schedule's peak and end
  float warmup_epochs = 1;
  float weight_decay = 0.01f;
  float label_smoothing = 0.1f;      // of the cross-entropy
  float clip_norm = 1.0f;            // 0: no clipping
};
// Throws vp::Error naming the first hyper-parameter that is NaN or out of range.
void validate(const TrainingHyperParameters& h);

// Scales every gradient by max_norm / ||g|| when the global L2 norm ||g|| exceeds max_norm.
// Returns ||g|| before clipping (NaN if any gradient is NaN: the caller must stop).
float clip_grad_norm(const std::vector<ParamRef>& grads, float max_norm);

// Sets every gradient to 0 before the next batch is accumulated.
void zero_grads(const std::vector<ParamRef>& grads);

}  // namespace vp
