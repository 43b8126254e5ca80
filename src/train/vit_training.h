// Training a ViT classifier on an ImageDataset with the core's own backward passes:
// mini-batches of shuffled, augmented images, cross-entropy with label smoothing, AdamW with
// warm-up and cosine decay, gradient clipping. run(n) does n batches (live training: one at a
// time, between the engine's messages); the same seed gives the same weights.
#pragma once
#include <string>

#include "train/augment.h"
#include "train/image_dataset.h"
#include "train/training_loop.h"
#include "nn/optimizer.h"
#include "models/vit.h"

namespace vp {

// A ViT training run: the schedule's hyper-parameters, the model's sizes, the seed of its
// initialisation and shuffling, and the augmentation of its images.
struct VitTrainConfig : TrainingHyperParameters {
  // 10 epochs, batch 64, peak lr 2e-3 down to 1e-5, 1 epoch of warm-up, weight decay 0.05
  VitTrainConfig() : TrainingHyperParameters{10, 64, 2e-3f, 1e-5f, 1, 0.05f} {}
  VitConfig model;
  uint32_t seed = 1;
  AugmentConfig augment;
};

// Throws vp::Error naming the first size or hyper-parameter that is NaN or out of range.
void validate(const VitTrainConfig& c);

// ViT initialisation: Xavier-uniform matrices, conv_proj by its fan-in, position embeddings
// ~ U with std 0.02, class token 0, LayerNorm gains 1, biases 0.
void vit_init(Vit& v, uint32_t seed);

class VitTrainer {
 public:
  // The dataset must outlive the trainer.
  // start: weights to fine-tune (shaped as config.model says) instead of a fresh initialisation.
  VitTrainer(const VitTrainConfig& config, const ImageDataset& train, const Vit* start = nullptr);
  // Runs up to `batches` mini-batches; returns false once training is complete or diverged.
  // A batch's chunks of images run on the thread pool (nn/parallel.h); another thread count
  // gives the same weights up to float rounding.
  bool run(int batches);
  const TrainProgress& progress() const { return loop_.progress(); }
  const Vit& model() const { return loop_.model(); }

 private:
  void train_batch();  // forward + backward over the next mini-batch, then the optimizer step

  VitTrainConfig config_;
  const ImageDataset& data_;
  TrainingLoop<Vit> loop_;
  // with several threads: the gradients of the batch's slots after the first (vit_training.cpp)
  std::vector<Vit> slot_grads_;
};

// Fraction of the set classified correctly (argmax of the logits).
float evaluate_accuracy(const Vit& model, const ImageDataset& set);
// How many of the set's images [first, end) are classified correctly, in batches of 64.
size_t count_correct(const Vit& model, const ImageDataset& set, size_t first, size_t end);

}  // namespace vp
