// What every trainer does around its model's forward and backward passes: epochs of shuffled
// mini-batches, then per batch
//
//   g  = sum over the batch's examples of dloss_k / batch size      (the trainer's backward)
//   g *= min(1, clip / ||g||)                                       gradient clipping
//   stop if the loss or ||g|| is NaN/Inf, w back to before the update that led there
//   w  = AdamW(w, g, lr(step))                                      lr: warm-up, then cosine decay
//
// A trainer asks take() for the next examples of the batch in progress, runs them through its
// model, adds their gradients into grads() and reports them with done(); the step is taken when
// the batch is complete, so a trainer may report a batch in parts (the translator: a number at a time).
// The same seed gives the same order of examples on every platform.
#pragma once
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "nn/optimizer.h"
#include "nn/random_init.h"

namespace vp {

struct TrainProgress {
  int step = 0, total_steps = 0;
  int epoch = 0;            // completed epochs
  long long images = 0;     // examples through forward and backward so far
  float loss = 0;           // mean loss of the last batch
  float lr = 0;
  bool diverged = false;    // a NaN/Inf loss or gradient: training stopped, weights kept
};

// Model: a parameter struct with visit_params and zeros_like (Vit, Translator, ...).
template <class Model>
class TrainingLoop {
 public:
  // Some examples of the batch in progress: indices into the trainer's data set.
  struct Examples {
    const int* index = nullptr;
    size_t count = 0;
    float loss_scale = 1;  // 1 / batch size: the batch's loss is the mean over its examples
  };

  // start: the initialised weights; examples: the size of the data set. Throws vp::Error for
  // bad hyper-parameters or no examples.
  TrainingLoop(Model start, const TrainingHyperParameters& h, const AdamWConfig& adamw, size_t examples,
               uint32_t seed)
      : hyper_(h), model_(std::move(start)), optimizer_(adamw), rng_(seed) {
    validate(h);
    if (examples == 0) throw Error("the training set is empty");
    grads_ = zeros_like(model_);
    last_good_ = model_;
    const int steps_per_epoch = static_cast<int>((examples + h.batch_size - 1) / h.batch_size);
    schedule_ = {h.lr, h.min_lr, static_cast<int>(h.warmup_epochs * steps_per_epoch), steps_per_epoch * h.epochs};
    progress_.total_steps = schedule_.total;
    order_.resize(examples);
    std::iota(order_.begin(), order_.end(), 0);
    cursor_ = batch_begin_ = batch_end_ = order_.size();  // shuffle before the first batch
  }

  bool finished() const { return progress_.diverged || progress_.step >= progress_.total_steps; }

  // Up to `limit` (at least 1) examples of the batch in progress, none after finished(). Starts
  // the next batch when the last one is complete: zeroes grads() and, at an epoch's start,
  // shuffles the examples (Fisher-Yates with rng(): the same on every platform).
  Examples take(size_t limit) {
    if (finished()) return {};
    if (cursor_ == batch_end_) {
      if (cursor_ >= order_.size()) {
        for (size_t i = order_.size() - 1; i > 0; --i) std::swap(order_[i], order_[rng_.integer(0, static_cast<int>(i))]);
        cursor_ = 0;
      }
      batch_begin_ = cursor_;
      batch_end_ = std::min(order_.size(), cursor_ + hyper_.batch_size);
      batch_loss_sum_ = 0;
      zero_grads(param_refs(grads_));
    }
    const size_t count = std::min(batch_end_ - cursor_, std::max<size_t>(limit, 1));
    return {&order_[cursor_], count, 1.0f / static_cast<float>(batch_end_ - batch_begin_)};
  }

  // The first `count` examples of the last take() went through forward and backward: their
  // gradients are in grads() (scaled by loss_scale), their losses sum to loss_sum. Completing
  // the batch takes the optimizer step.
  void done(size_t count, double loss_sum) {
    batch_loss_sum_ += loss_sum;
    cursor_ += count;
    progress_.images += static_cast<long long>(count);
    if (cursor_ == batch_end_) step();
  }

  Model& grads() { return grads_; }
  const Model& model() const { return model_; }
  // The generator of the shuffling, for the trainer's own draws (augmentation) in between.
  SeededRandom& rng() { return rng_; }
  const TrainProgress& progress() const { return progress_; }

 private:
  TrainingHyperParameters hyper_;
  Model model_, grads_, last_good_;
  AdamW optimizer_;
  LrSchedule schedule_;
  SeededRandom rng_;
  std::vector<int> order_;
  size_t cursor_ = 0;
  // the batch in progress: examples order_[batch_begin_, batch_end_), done up to cursor_
  size_t batch_begin_ = 0, batch_end_ = 0;
  double batch_loss_sum_ = 0;
  TrainProgress progress_;

  void step() {
    const auto params = param_refs(model_), grads = param_refs(grads_);
    progress_.loss = static_cast<float>(batch_loss_sum_ / static_cast<double>(batch_end_ - batch_begin_));
    const float norm = clip_grad_norm(grads, hyper_.clip_norm);
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
};

}  // namespace vp
