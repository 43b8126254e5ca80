#include "train/vit_training.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "formats/checkpoint.h"
#include "nn/cross_entropy.h"

namespace vp {

namespace {

// Mini-batches are worked through in chunks of up to this many images, each chunk as one batch
// through forward and backward (every linear layer one matrix product over its tokens).
constexpr size_t kChunk = 16;

// Images order[0, count) through forward and backward as one batch: adds their gradients,
// scaled by loss_scale (1 / mini-batch size, whose loss is the mean over its images), into
// grads and returns the sum of their losses. Augmentation draws from rng image by image.
double train_on_images(const Vit& model, Vit* grads, const ImageDataset& data, const int* order, size_t count,
                       const VitTrainConfig& config, SeededRandom& rng, float loss_scale) {
  const Eigen::Index rows = data.channels * data.height;
  Mat images(static_cast<Eigen::Index>(count) * rows, data.width);  // [N*C*H, W]
  std::vector<int> labels(count);
  for (size_t k = 0; k < count; ++k) {
    Mat image = data.image(order[k]);
    if (config.augment.enabled()) image = random_affine(image, data.channels, config.augment, rng);
    images.middleRows(static_cast<Eigen::Index>(k) * rows, rows) = image;
    labels[k] = data.labels[order[k]];
  }
  VitCache cache;
  const Mat logits = vit_forward(model, images, nullptr, &cache);  // [N, classes]
  const CrossEntropyOptions ce{config.label_smoothing};
  CrossEntropyCache ce_cache;
  // cross_entropy_forward is the chunk's mean loss; the mini-batch's mean weighs it by count
  const double chunk_loss = cross_entropy_forward(logits, labels, ce, &ce_cache);
  vit_backward(model, cache, cross_entropy_backward(ce_cache, ce, loss_scale * static_cast<float>(count)), grads);
  return chunk_loss * static_cast<double>(count);
}

}  // namespace

void validate(const VitTrainConfig& c) {
  validate(c.model);
  auto require = [](bool ok, const std::string& what) {
    if (!ok) throw Error(what);
  };
  require(c.epochs >= 1 && c.epochs <= 1000, "epochs must be 1..1000");
  require(c.batch_size >= 1 && c.batch_size <= 4096, "batch size must be 1..4096");
  require(std::isfinite(c.lr) && c.lr > 0 && c.lr <= 1, "learning rate must be in (0, 1]");
  require(std::isfinite(c.min_lr) && c.min_lr >= 0 && c.min_lr <= c.lr, "min learning rate must be in [0, lr]");
  require(std::isfinite(c.warmup_epochs) && c.warmup_epochs >= 0 && c.warmup_epochs <= c.epochs,
          "warm-up must be 0..epochs");
  require(std::isfinite(c.weight_decay) && c.weight_decay >= 0 && c.weight_decay <= 1, "weight decay must be in [0, 1]");
  require(std::isfinite(c.label_smoothing) && c.label_smoothing >= 0 && c.label_smoothing < 1,
          "label smoothing must be in [0, 1)");
  require(std::isfinite(c.clip_norm) && c.clip_norm >= 0, "gradient clip must be >= 0");
}

void vit_init(Vit& v, uint32_t seed) {
  SeededRandom rng(seed);
  visit_params(v, "", [&](const ParamRef& p) {
    const int64_t n = p.numel();
    auto fill_uniform = [&](float bound) {
      for (int64_t i = 0; i < n; ++i) p.data[i] = rng.uniform(-bound, bound);
    };
    if (p.name == "class_token") {
      std::fill_n(p.data, n, 0.0f);
    } else if (p.name == "encoder.pos_embedding") {
      fill_uniform(0.02f * std::sqrt(3.0f));  // U(-a, a) has std a / sqrt(3)
    } else if (p.shape.size() == 4) {         // conv_proj.weight [D, C, P, P]
      const float fan_in = static_cast<float>(p.shape[1] * p.shape[2] * p.shape[3]);
      fill_uniform(std::sqrt(3.0f / fan_in));
    } else if (p.shape.size() == 2) {
      fill_uniform(std::sqrt(6.0f / static_cast<float>(p.shape[0] + p.shape[1])));
    } else {
      const bool gain = p.name.size() >= 6 && p.name.compare(p.name.size() - 6, 6, "weight") == 0;
      std::fill_n(p.data, n, gain ? 1.0f : 0.0f);
    }
  });
}

VitTrainer::VitTrainer(const VitTrainConfig& config, const ImageDataset& train, const Vit* start)
    : config_(config), data_(train), rng_(config.seed) {
  validate(config_);
  if (train.size() == 0) throw Error("the training set is empty");
  if (train.channels != config.model.channels || train.height != config.model.image_size ||
      train.width != config.model.image_size)
    throw Error("the images do not match the model's input size");
  model_ = vit_zeros(config_.model);
  vit_init(model_, config_.seed);
  if (start) {  // fine-tuning: the given weights, checked tensor by tensor against the config
    Vit copy = *start;
    load_params(walk_params(model_), save_params(walk_params(copy)));
  }
  grads_ = zeros_like(model_);
  last_good_ = model_;
  optimizer_ = AdamW({0.9f, 0.999f, 1e-8f, config_.weight_decay});
  const int steps_per_epoch = static_cast<int>((train.size() + config_.batch_size - 1) / config_.batch_size);
  schedule_ = {config_.lr, config_.min_lr, static_cast<int>(config_.warmup_epochs * steps_per_epoch),
               steps_per_epoch * config_.epochs};
  progress_.total_steps = schedule_.total;
  order_.resize(train.size());
  std::iota(order_.begin(), order_.end(), 0);
  cursor_ = batch_begin_ = batch_end_ = order_.size();  // shuffle before the first batch
}

bool VitTrainer::run(int batches) {
  for (const int last = progress_.step + batches; progress_.step < last && !finished();)
    run_images(config_.batch_size);
  return !finished();
}

bool VitTrainer::run_images(int images) {
  if (finished()) return false;
  if (cursor_ == batch_end_) {  // start the next mini-batch
    if (cursor_ >= order_.size()) {
      // Fisher-Yates with the trainer's own generator: the same on every platform
      for (size_t i = order_.size() - 1; i > 0; --i) std::swap(order_[i], order_[rng_.integer(0, static_cast<int>(i))]);
      cursor_ = 0;
    }
    batch_begin_ = cursor_;
    batch_end_ = std::min(order_.size(), cursor_ + config_.batch_size);
    batch_loss_sum_ = 0;
    zero_grads(param_refs(grads_));
  }
  // the batch loss is the mean over its images
  const float inv_batch = 1.0f / static_cast<float>(batch_end_ - batch_begin_);
  const size_t end = std::min(batch_end_, cursor_ + static_cast<size_t>(std::max(images, 1)));
  while (cursor_ < end) {
    const size_t count = std::min(kChunk, end - cursor_);
    batch_loss_sum_ += train_on_images(model_, &grads_, data_, &order_[cursor_], count, config_, rng_, inv_batch);
    cursor_ += count;
    progress_.images += static_cast<long long>(count);
  }
  if (cursor_ == batch_end_) finish_batch();
  return !finished();
}

void VitTrainer::finish_batch() {
  const auto params = param_refs(model_), grads = param_refs(grads_);
  progress_.loss = static_cast<float>(batch_loss_sum_ / static_cast<double>(batch_end_ - batch_begin_));
  const float norm = clip_grad_norm(grads, config_.clip_norm);
  if (!std::isfinite(progress_.loss) || !std::isfinite(norm)) {
    // these weights produced NaN/Inf: go back to the ones before the last update
    progress_.diverged = true;
    model_ = last_good_;
    return;
  }
  last_good_ = model_;
  progress_.lr = schedule_.at(progress_.step);
  optimizer_.step(params, grads, progress_.lr);
  ++progress_.step;
  if (cursor_ >= order_.size()) ++progress_.epoch;
}

float evaluate_accuracy(const Vit& model, const ImageDataset& set) {
  if (set.size() == 0) return 0;
  return static_cast<float>(count_correct(model, set, 0, set.size())) / static_cast<float>(set.size());
}

size_t count_correct(const Vit& model, const ImageDataset& set, size_t first, size_t end) {
  size_t correct = 0;
  const Eigen::Index rows = set.channels * set.height;
  for (; first < end; first += 4 * kChunk) {
    const size_t count = std::min(end - first, 4 * kChunk);
    Mat images(static_cast<Eigen::Index>(count) * rows, set.width);  // [count*C*H, W]
    for (size_t k = 0; k < count; ++k) images.middleRows(static_cast<Eigen::Index>(k) * rows, rows) = set.image(first + k);
    const Mat logits = vit_forward(model, images);  // [count, classes]
    for (size_t k = 0; k < count; ++k) {
      Eigen::Index best = 0;
      logits.row(static_cast<Eigen::Index>(k)).maxCoeff(&best);
      correct += best == set.labels[first + k];
    }
  }
  return correct;
}

}  // namespace vp
