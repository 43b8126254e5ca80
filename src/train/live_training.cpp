#include "train/live_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace vp {

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

namespace {

constexpr double kSpeedWindow = 4.0;       // seconds of history behind steps/s
constexpr double kPauseGap = 1.0;          // a longer gap between steps is a pause
constexpr double kExamplesInterval = 0.5;  // seconds between attention snapshots
constexpr int kRecentLosses = 20;

const ImageDataset& non_null(const std::shared_ptr<const ImageDataset>& set) {
  if (!set) throw Error("live training needs a training set and a held-out set");
  return *set;
}

int predicted_class(const Mat& logits) {
  Eigen::Index best = 0;
  logits.row(0).maxCoeff(&best);
  return static_cast<int>(best);
}

}  // namespace

VitTrainConfig live_training_config(const LiveTrainingSettings& s) {
  VitTrainConfig c = model_recipe(s.model).train;  // throws for an unknown model
  c.epochs = s.epochs;
  c.lr = s.lr;
  c.batch_size = s.batch_size;
  c.seed = s.seed;
  if (!s.augment) c.augment = {0, 0, 0, 0};
  // the recipe's floor, at most the new peak; warm-up for a tenth of the run at most (short
  // live runs would otherwise spend a large part of their steps warming up)
  c.min_lr = std::min(c.min_lr, c.lr);
  c.warmup_epochs = std::min(c.warmup_epochs, 0.1f * static_cast<float>(c.epochs));
  validate(c);
  return c;
}

std::vector<size_t> first_of_classes(const ImageDataset& set, const std::vector<int>& classes) {
  std::vector<size_t> picks;
  for (int c : classes) {
    const auto it = std::find(set.labels.begin(), set.labels.end(), c);
    if (it != set.labels.end()) picks.push_back(static_cast<size_t>(it - set.labels.begin()));
  }
  return picks;
}

const char* to_string(LivePhase phase) {
  switch (phase) {
    case LivePhase::training: return "training";
    case LivePhase::evaluating: return "evaluating";
    case LivePhase::finished: return "finished";
    case LivePhase::diverged: return "diverged";
  }
  return "";
}

LiveTraining::LiveTraining(const VitTrainConfig& config, std::shared_ptr<const ImageDataset> train,
                           std::shared_ptr<const ImageDataset> held_out, const std::vector<size_t>& examples)
    : train_(std::move(train)), held_out_(std::move(held_out)), trainer_(config, non_null(train_)) {
  non_null(held_out_);
  const VitConfig& m = trainer_.model().config;
  if (held_out_->size() == 0) throw Error("the held-out set is empty");
  if (held_out_->channels != m.channels || held_out_->height != m.image_size || held_out_->width != m.image_size)
    throw Error("the held-out images do not match the model's input size");
  steps_per_epoch_ = static_cast<int>((train_->size() + config.batch_size - 1) / config.batch_size);
  for (size_t i : examples) {
    if (i >= held_out_->size()) throw Error("example " + std::to_string(i) + " is not in the held-out set");
    ExampleAttention e;
    e.index = i;
    e.label = held_out_->labels[i];
    examples_.push_back(e);
  }
  refresh_examples();
  start_evaluation();
}

void LiveTraining::step() {
  if (done()) return;
  const double start = wall_seconds();
  if (!speed_.empty() && start - speed_.back().time > kPauseGap) speed_.clear();
  if (phase_ == LivePhase::evaluating) evaluate_chunk();
  else train_batch();
  if (wall_seconds() - last_examples_refresh_ >= kExamplesInterval || done()) refresh_examples();
  const double end = wall_seconds();
  busy_ += end - start;
  speed_.push_back({end, progress().step, progress().images});
  while (speed_.size() > 2 && end - speed_.front().time > kSpeedWindow) speed_.pop_front();
}

void LiveTraining::train_batch() {
  const int epoch_before = progress().epoch;
  const bool more = trainer_.run(1);
  const TrainProgress& p = progress();
  if (p.diverged) {
    phase_ = LivePhase::diverged;
    return;
  }
  step_losses_.push_back(p.loss);
  if (p.epoch > epoch_before || !more) start_evaluation();
}

void LiveTraining::start_evaluation() {
  phase_ = LivePhase::evaluating;
  eval_cursor_ = eval_correct_ = 0;
}

void LiveTraining::evaluate_chunk() {
  const size_t end = std::min(held_out_->size(), eval_cursor_ + kEvaluationChunk);
  eval_correct_ += count_correct(model(), *held_out_, eval_cursor_, end);
  eval_cursor_ = end;
  if (eval_cursor_ < held_out_->size()) return;
  accuracy_.push_back({progress().step, static_cast<float>(eval_correct_) / static_cast<float>(held_out_->size())});
  phase_ = progress().step >= progress().total_steps ? LivePhase::finished : LivePhase::training;
}

TrainingSnapshot LiveTraining::snapshot() const {
  TrainingSnapshot s;
  s.phase = phase_;
  s.progress = progress();
  s.step_losses = step_losses_;
  s.accuracy_curve = accuracy_;
  s.recent_loss = recent_loss();
  s.evaluation_progress = evaluation_progress();
  s.examples = examples_;
  for (const ExampleAttention& e : examples_) s.example_images.push_back(held_out_->image(e.index));
  s.train_size = train_->size();
  s.held_out_size = held_out_->size();
  s.steps_per_second = steps_per_second();
  s.images_per_second = images_per_second();
  s.eta_seconds = eta_seconds();
  s.busy_seconds = busy_;
  return s;
}

float LiveTraining::evaluation_progress() const {
  return phase_ == LivePhase::evaluating ? static_cast<float>(eval_cursor_) / static_cast<float>(held_out_->size()) : 0;
}

void LiveTraining::refresh_examples() {
  const int grid = model().config.image_size / model().config.patch_size;
  for (ExampleAttention& e : examples_) {
    Trace trace;
    e.predicted = predicted_class(vit_forward(model(), held_out_->image(e.index), &trace));
    e.layers.assign(model().layers.size(), Mat::Zero(grid, grid));
    for (size_t l = 0; l < model().layers.size(); ++l) {
      for (int h = 1; h <= model().config.heads; ++h) {
        const TraceStep* step = trace.find_step("encoder.layers.encoder_layer_" + std::to_string(l) +
                                                ".self_attn.head" + std::to_string(h) + ".softmax");
        if (!step || step->outputs.empty()) throw Error("the ViT trace lacks the attention of layer " + std::to_string(l));
        const Mat& weights = step->outputs[0].value;  // [S+1, S+1], row 0 = the class token's query
        for (int p = 0; p < grid * grid; ++p) e.layers[l](p / grid, p % grid) += weights(0, p + 1);
      }
      e.layers[l] /= static_cast<float>(model().config.heads);
    }
  }
  last_examples_refresh_ = wall_seconds();
}

float LiveTraining::recent_loss() const {
  if (step_losses_.empty()) return 0;
  const size_t n = std::min<size_t>(kRecentLosses, step_losses_.size());
  double sum = 0;
  for (size_t i = step_losses_.size() - n; i < step_losses_.size(); ++i) sum += step_losses_[i];
  return static_cast<float>(sum / static_cast<double>(n));
}

double LiveTraining::steps_per_second() const {
  if (speed_.size() < 2) return 0;
  const double dt = speed_.back().time - speed_.front().time;
  return dt > 0 ? (speed_.back().step - speed_.front().step) / dt : 0;
}

double LiveTraining::images_per_second() const {
  if (speed_.size() < 2) return 0;
  const double dt = speed_.back().time - speed_.front().time;
  return dt > 0 ? static_cast<double>(speed_.back().images - speed_.front().images) / dt : 0;
}

double LiveTraining::eta_seconds() const {
  if (done()) return 0;
  const double rate = steps_per_second();  // evaluations inside the window slow it down too
  return rate > 0 ? (progress().total_steps - progress().step) / rate : -1;
}

}  // namespace vp
