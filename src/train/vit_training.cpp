#include "train/vit_training.h"

#include <algorithm>
#include <cmath>

#include "formats/checkpoint.h"
#include "nn/cross_entropy.h"
#include "nn/parallel.h"

namespace vp {

namespace {

// Mini-batches are worked through in chunks of up to this many images, each chunk as one batch
// through forward and backward (every linear layer one matrix product over its tokens).
constexpr size_t kChunk = 16;

// Images order[0, count) stacked as [count*C*H, W], augmented when the config says so, and
// their labels. Augmentation draws from rng image by image, in order: the same draws whatever
// the thread count.
Mat gather_images(const ImageDataset& data, const int* order, size_t count, const VitTrainConfig& config,
                  SeededRandom& rng, std::vector<int>* labels) {
  const Eigen::Index rows = data.channels * data.height;
  Mat images(static_cast<Eigen::Index>(count) * rows, data.width);  // [count*C*H, W]
  labels->resize(count);
  for (size_t k = 0; k < count; ++k) {
    Mat image = data.image(order[k]);
    if (config.augment.enabled()) image = random_affine(image, data.channels, config.augment, rng);
    images.middleRows(static_cast<Eigen::Index>(k) * rows, rows) = image;
    (*labels)[k] = data.labels[order[k]];
  }
  return images;
}

// images [count*C*H, W] with their labels through forward and backward as one batch: adds their
// gradients, scaled by loss_scale (1 / mini-batch size, whose loss is the mean over its images),
// into grads and returns the sum of their losses.
double train_on_images(const Vit& model, Vit* grads, const Mat& images, const std::vector<int>& labels,
                       const VitTrainConfig& config, float loss_scale) {
  const size_t count = labels.size();
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
  validate(static_cast<const TrainingHyperParameters&>(c));
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

namespace {

// config, after checking it and that the images fit its model
const VitTrainConfig& checked(const VitTrainConfig& config, const ImageDataset& train) {
  validate(config);
  if (train.size() == 0) throw Error("the training set is empty");
  if (train.channels != config.model.channels || train.height != config.model.image_size ||
      train.width != config.model.image_size)
    throw Error("the images do not match the model's input size");
  return config;
}

// A fresh initialisation, or the weights to fine-tune checked tensor by tensor against the config.
Vit initial_weights(const VitTrainConfig& config, const Vit* start) {
  Vit model = vit_zeros(config.model);
  vit_init(model, config.seed);
  if (start) {
    Vit copy = *start;
    load_params(walk_params(model), save_params(walk_params(copy)));
  }
  return model;
}

}  // namespace

VitTrainer::VitTrainer(const VitTrainConfig& config, const ImageDataset& train, const Vit* start)
    : config_(checked(config, train)),
      data_(train),
      loop_(initial_weights(config, start), config, {0.9f, 0.999f, 1e-8f, config.weight_decay}, train.size(),
            config.seed) {}

bool VitTrainer::run(int batches) {
  for (const int last = progress().step + batches; progress().step < last && !loop_.finished();) train_batch();
  return !loop_.finished();
}

void VitTrainer::train_batch() {
  const auto batch = loop_.take(static_cast<size_t>(config_.batch_size));  // the whole mini-batch
  if (batch.count == 0) return;
  std::vector<int> labels;
  const Mat inputs = gather_images(data_, batch.index, batch.count, config_, loop_.rng(), &labels);
  const Eigen::Index rows = data_.channels * data_.height;  // one image's rows of inputs
  const size_t chunks = (batch.count + kChunk - 1) / kChunk;
  // Data parallelism: slot s takes chunks s, s + slots, s + 2 slots, ... in order, into
  // gradients of its own (slot 0 into the loop's), and the slots' sums are added in slot order
  // afterwards. Which thread runs a slot does not matter, so a given thread count always gives
  // the same weights; one thread gives one slot, the chunks accumulated in order.
  const int slots = static_cast<int>(std::min<size_t>(static_cast<size_t>(available_threads()), chunks));
  while (slot_grads_.size() + 1 < static_cast<size_t>(slots)) slot_grads_.push_back(zeros_like(loop_.model()));
  std::vector<double> losses(static_cast<size_t>(slots), 0.0);
  parallel_for(slots, [&](int slot) {
    Vit* grads = slot == 0 ? &loop_.grads() : &slot_grads_[static_cast<size_t>(slot - 1)];
    if (slot > 0) zero_grads(param_refs(*grads));
    for (size_t chunk = static_cast<size_t>(slot); chunk < chunks; chunk += static_cast<size_t>(slots)) {
      const size_t first = chunk * kChunk, count = std::min(kChunk, batch.count - first);
      const Mat images = inputs.middleRows(static_cast<Eigen::Index>(first) * rows,
                                           static_cast<Eigen::Index>(count) * rows);  // [count*C*H, W]
      const std::vector<int> chunk_labels(labels.begin() + static_cast<std::ptrdiff_t>(first),
                                          labels.begin() + static_cast<std::ptrdiff_t>(first + count));
      losses[static_cast<size_t>(slot)] += train_on_images(loop_.model(), grads, images, chunk_labels, config_,
                                                           batch.loss_scale);
    }
  });
  const std::vector<ParamRef> sum = param_refs(loop_.grads());
  for (int slot = 1; slot < slots; ++slot) {
    const std::vector<ParamRef> part = param_refs(slot_grads_[static_cast<size_t>(slot - 1)]);
    for (size_t p = 0; p < sum.size(); ++p)
      Eigen::Map<Eigen::VectorXf>(sum[p].data, sum[p].numel()) +=
          Eigen::Map<const Eigen::VectorXf>(part[p].data, part[p].numel());
  }
  double loss = 0;
  for (const double slot_loss : losses) loss += slot_loss;
  loop_.done(batch.count, loss);  // completing the batch takes the optimizer step
}

float evaluate_accuracy(const Vit& model, const ImageDataset& set) {
  if (set.size() == 0) return 0;
  return static_cast<float>(count_correct(model, set, 0, set.size())) / static_cast<float>(set.size());
}

size_t count_correct(const Vit& model, const ImageDataset& set, size_t first, size_t end) {
  if (end <= first) return 0;
  constexpr size_t kBatch = 4 * kChunk;
  const Eigen::Index rows = set.channels * set.height;
  // batches in parallel, each counting its own; the counts are summed afterwards
  const size_t batches = (end - first + kBatch - 1) / kBatch;
  std::vector<size_t> correct(batches, 0);
  parallel_for(static_cast<int>(batches), [&](int b) {
    const size_t start = first + static_cast<size_t>(b) * kBatch, count = std::min(end - start, kBatch);
    Mat images(static_cast<Eigen::Index>(count) * rows, set.width);  // [count*C*H, W]
    for (size_t k = 0; k < count; ++k)
      images.middleRows(static_cast<Eigen::Index>(k) * rows, rows) = set.image(start + k);
    const Mat logits = vit_forward(model, images);  // [count, classes]
    for (size_t k = 0; k < count; ++k) {
      Eigen::Index best = 0;
      logits.row(static_cast<Eigen::Index>(k)).maxCoeff(&best);
      correct[static_cast<size_t>(b)] += best == set.labels[start + k];
    }
  });
  size_t total = 0;
  for (const size_t c : correct) total += c;
  return total;
}

}  // namespace vp
