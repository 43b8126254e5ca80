// Training a ViT live while the reader watches (the training scene and the page API), run by
// the engine (engine/engine_core.h) away from the drawing thread: step() trains one mini-batch
// or measures one chunk of the held-out set, and snapshot() is what the reader watches, by
// value for the UI to draw: the loss per step, the held-out accuracy after every epoch, the
// class token's attention on a few fixed held-out images, and the speed. Wall-clock time
// comes from std::chrono::steady_clock.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "train/model_zoo.h"

namespace vp {

// What the user picks; the rest of the recipe (architecture, weight decay, label smoothing,
// clipping, the augmentation when on) is model_recipe(model)'s, the warm-up at most a tenth
// of the run.
struct LiveTrainingSettings {
  std::string model = "mnist-vit";
  int epochs = 8;  // the page's default run: docs/benchmarks.md ("Training live in the page")
  float lr = 2e-3f;
  int batch_size = 32;
  uint32_t seed = 1;
  bool augment = true;  // the recipe's random affine warp of each training image, or none
};

// model_recipe(s.model).train with the settings applied. Throws vp::Error naming the first
// setting that is unknown, NaN or out of range.
VitTrainConfig live_training_config(const LiveTrainingSettings& s);

// The first image of each of `classes` in `set` (classes absent from the set are skipped).
std::vector<size_t> first_of_classes(const ImageDataset& set, const std::vector<int>& classes);

// One held-out image as the model sees it now.
struct ExampleAttention {
  size_t index = 0;           // in the held-out set
  int label = 0;
  int predicted = -1;
  // per layer: [H/P, W/P], the class token's attention over the patches (softmax row 0,
  // columns 1..S, laid out like the patches), averaged over the heads; each sums to
  // 1 - (attention the class token pays to itself)
  std::vector<Mat> layers;
};

enum class LivePhase { training, evaluating, finished, diverged };
const char* to_string(LivePhase phase);

double wall_seconds();  // std::chrono::steady_clock's time, in seconds  // "training", "evaluating", "finished", "diverged"

struct AccuracyPoint {
  int step = 0;  // optimizer steps taken when the evaluation started
  float accuracy = 0;
};

// A run as the reader sees it at one moment: everything the training scene and getState()
// show, by value, so the engine can hand it across threads (engine/training_messages.h).
struct TrainingSnapshot {
  LivePhase phase = LivePhase::evaluating;
  TrainProgress progress;
  std::vector<float> step_losses;  // one per optimizer step
  std::vector<AccuracyPoint> accuracy_curve;
  float recent_loss = 0;
  float evaluation_progress = 0;  // 0..1 while evaluating
  std::vector<ExampleAttention> examples;
  std::vector<Mat> example_images;  // [C*H, W] of each example
  size_t train_size = 0, held_out_size = 0;
  double steps_per_second = 0, images_per_second = 0;
  double eta_seconds = -1;  // < 0 unknown
  double busy_seconds = 0;  // wall-clock time spent training and evaluating

  bool done() const { return phase == LivePhase::finished || phase == LivePhase::diverged; }
  float held_out_accuracy() const { return accuracy_curve.empty() ? 0 : accuracy_curve.back().accuracy; }
};

class LiveTraining {
 public:
  // Fresh weights from the config's seed (see live_training_config). Throws vp::Error for a
  // bad config or data that does not fit the model. `examples` index the held-out set.
  LiveTraining(const VitTrainConfig& config, std::shared_ptr<const ImageDataset> train,
               std::shared_ptr<const ImageDataset> held_out, const std::vector<size_t>& examples);

  // One unit of work: a mini-batch while training, kEvaluationChunk held-out images while
  // evaluating. Does nothing once finished or diverged.
  void step();
  static constexpr size_t kEvaluationChunk = 64;

  // What the reader watches, as of now.
  TrainingSnapshot snapshot() const;

  LivePhase phase() const { return phase_; }
  bool done() const { return phase_ == LivePhase::finished || phase_ == LivePhase::diverged; }
  const TrainProgress& progress() const { return trainer_.progress(); }
  int steps_per_epoch() const { return steps_per_epoch_; }
  const Vit& model() const { return trainer_.model(); }  // the last good weights once diverged

  const std::vector<float>& step_losses() const { return step_losses_; }  // one per step
  float recent_loss() const;  // mean of the last (up to) 20 steps' losses; 0 before the first
  const std::vector<AccuracyPoint>& accuracy_curve() const { return accuracy_; }
  float held_out_accuracy() const { return accuracy_.empty() ? 0 : accuracy_.back().accuracy; }
  float evaluation_progress() const;  // 0..1 while evaluating
  const std::vector<ExampleAttention>& examples() const { return examples_; }
  size_t train_size() const { return train_->size(); }
  size_t held_out_size() const { return held_out_->size(); }
  Mat held_out_image(size_t i) const { return held_out_->image(i); }

  // Speed over the last few seconds of wall-clock time (a pause longer than a second starts
  // the window again).
  double steps_per_second() const;
  double images_per_second() const;
  double eta_seconds() const;  // the remaining steps at the current speed; < 0 unknown
  double busy_seconds() const { return busy_; }  // total time spent inside step()

 private:
  void train_batch();
  void evaluate_chunk();
  void start_evaluation();
  void refresh_examples();

  std::shared_ptr<const ImageDataset> train_, held_out_;
  VitTrainer trainer_;
  int steps_per_epoch_ = 1;
  LivePhase phase_ = LivePhase::evaluating;  // the untrained model is evaluated first
  std::vector<float> step_losses_;
  std::vector<AccuracyPoint> accuracy_;
  size_t eval_cursor_ = 0, eval_correct_ = 0;
  std::vector<ExampleAttention> examples_;
  double last_examples_refresh_ = -1;

  struct SpeedSample {
    double time;
    int step;
    long long images;
  };
  std::deque<SpeedSample> speed_;  // the last few seconds
  double busy_ = 0;
};

}  // namespace vp
