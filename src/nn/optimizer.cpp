#include "nn/optimizer.h"

#include <algorithm>
#include <string>

namespace vp {

float LrSchedule::at(int step) const {
  if (step < warmup) return peak * static_cast<float>(step + 1) / static_cast<float>(warmup);
  const int span = std::max(1, total - warmup);
  const float progress = std::min(1.0f, static_cast<float>(step - warmup) / static_cast<float>(span));
  return min + (peak - min) * 0.5f * (1.0f + std::cos(3.14159265358979f * progress));
}

void AdamW::step(const std::vector<ParamRef>& params, const std::vector<ParamRef>& grads, float lr) {
  if (params.size() != grads.size()) throw Error("optimizer: parameters and gradients differ in number");
  if (m_.empty()) {
    for (const auto& p : params) {
      m_.emplace_back(p.numel(), 0.0f);
      v_.emplace_back(p.numel(), 0.0f);
    }
  }
  ++t_;
  const float b1 = config_.beta1, b2 = config_.beta2;
  const float correction1 = 1.0f - std::pow(b1, static_cast<float>(t_));
  const float correction2 = 1.0f - std::pow(b2, static_cast<float>(t_));
  for (size_t k = 0; k < params.size(); ++k) {
    // whole arrays at once: Eigen runs the square roots on SIMD vectors (a scalar loop over
    // std::sqrt stays scalar, as it may set errno)
    const Eigen::Index n = params[k].numel();
    Eigen::Map<Eigen::ArrayXf> w(params[k].data, n), m(m_[k].data(), n), v(v_[k].data(), n);
    const Eigen::Map<const Eigen::ArrayXf> g(grads[k].data, n);
    const float decay = params[k].shape.size() >= 2 ? config_.weight_decay : 0.0f;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    // update = m^ / (sqrt(v^) + eps), with the bias-corrected moments m^ = m / (1 - b1^t), v^ = v / (1 - b2^t)
    w -= lr * ((m / correction1) / ((v / correction2).sqrt() + config_.eps) + decay * w);
  }
}

void validate(const TrainingHyperParameters& h) {
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw Error(what);
  };
  require(h.epochs >= 1 && h.epochs <= 1000, "epochs must be 1..1000");
  require(h.batch_size >= 1 && h.batch_size <= 4096, "batch size must be 1..4096");
  require(std::isfinite(h.lr) && h.lr > 0 && h.lr <= 1, "learning rate must be in (0, 1]");
  require(std::isfinite(h.min_lr) && h.min_lr >= 0 && h.min_lr <= h.lr, "min learning rate must be in [0, lr]");
  require(std::isfinite(h.warmup_epochs) && h.warmup_epochs >= 0 && h.warmup_epochs <= h.epochs,
          "warm-up must be 0..epochs");
  require(std::isfinite(h.weight_decay) && h.weight_decay >= 0 && h.weight_decay <= 1, "weight decay must be in [0, 1]");
  require(std::isfinite(h.label_smoothing) && h.label_smoothing >= 0 && h.label_smoothing < 1,
          "label smoothing must be in [0, 1)");
  require(std::isfinite(h.clip_norm) && h.clip_norm >= 0, "gradient clip must be >= 0");
}

float clip_grad_norm(const std::vector<ParamRef>& grads, float max_norm) {
  double sum = 0;
  for (const auto& g : grads)
    for (int64_t i = 0, n = g.numel(); i < n; ++i) sum += double(g.data[i]) * g.data[i];
  const float norm = static_cast<float>(std::sqrt(sum));
  if (std::isfinite(norm) && max_norm > 0 && norm > max_norm) {
    const float scale = max_norm / norm;
    for (const auto& g : grads) std::for_each(g.data, g.data + g.numel(), [scale](float& x) { x *= scale; });
  }
  return norm;
}

void zero_grads(const std::vector<ParamRef>& grads) {
  for (const auto& g : grads) std::fill_n(g.data, g.numel(), 0.0f);
}

}  // namespace vp
