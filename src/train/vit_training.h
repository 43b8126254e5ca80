// Training a ViT classifier on an ImageDataset with the core's own backward passes:
// mini-batches of shuffled, augmented images, cross-entropy with label smoothing, AdamW with
// warm-up and cosine decay, gradient clipping. Runs in slices (run(n) does n batches) so a
// UI can train a few milliseconds per frame; the same seed gives the same weights.
#pragma once
#include <string>

#include "train/augment.h"
#include "train/image_dataset.h"
#include "nn/optimizer.h"
#include "models/vit.h"

namespace vp {

struct VitTrainConfig {
  VitConfig model;
  int epochs = 10;
  int batch_size = 64;
  float lr = 2e-3f, min_lr = 1e-5f;
  float warmup_epochs = 1;
  float weight_decay = 0.05f;
  float label_smoothing = 0.1f;
  float clip_norm = 1.0f;
  uint32_t seed = 1;
  AugmentConfig augment;
};

// Throws vp::Error naming the first hyper-parameter that is NaN or out of range.
void validate(const VitTrainConfig& c);

// ViT initialisation: Xavier-uniform matrices, conv_proj by its fan-in, position embeddings
// ~ U with std 0.02, class token 0, LayerNorm gains 1, biases 0.
void vit_init(Vit& v, uint32_t seed);

struct TrainProgress {
  int step = 0, total_steps = 0;
  int epoch = 0;            // completed epochs
  long long images = 0;     // training images through forward and backward so far
  float loss = 0;           // mean loss of the last batch
  float lr = 0;
  bool diverged = false;    // a NaN/Inf loss or gradient: training stopped, weights kept
};

class VitTrainer {
 public:
  // The dataset must outlive the trainer.
  // start: weights to fine-tune (shaped as config.model says) instead of a fresh initialisation.
  VitTrainer(const VitTrainConfig& config, const ImageDataset& train, const Vit* start = nullptr);
  // Runs up to `batches` mini-batches; returns false once training is complete or diverged.
  bool run(int batches);
  // Runs up to `images` images of the current mini-batch (forward + backward, gradients
  // accumulated) and takes the optimizer step when the batch is complete. A UI calls this
  // to split a batch over frames; the weights are those run() gives up to float rounding
  // (the images' gradients are summed in batches of another size).
  bool run_images(int images);
  const TrainProgress& progress() const { return progress_; }
  const Vit& model() const { return model_; }

 private:
  VitTrainConfig config_;
  const ImageDataset& data_;
  Vit model_, grads_, last_good_;
  AdamW optimizer_;
  LrSchedule schedule_;
  SeededRandom rng_;
  std::vector<int> order_;
  size_t cursor_ = 0;
  // the mini-batch in progress: images order_[batch_begin_, batch_end_), done up to cursor_
  size_t batch_begin_ = 0, batch_end_ = 0;
  double batch_loss_sum_ = 0;
  TrainProgress progress_;

  bool finished() const { return progress_.diverged || progress_.step >= progress_.total_steps; }
  void finish_batch();
};

// Fraction of the set classified correctly (argmax of the logits).
float evaluate_accuracy(const Vit& model, const ImageDataset& set);
// How many of the set's images [first, end) are classified correctly, in batches of 64.
size_t count_correct(const Vit& model, const ImageDataset& set, size_t first, size_t end);

}  // namespace vp
