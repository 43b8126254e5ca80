// The engine's side of live training (messages: train/training_messages.h): it waits for the
// data set, then trains the run step by step, and tells the app where the run stands about
// ten times a second and whenever its phase changes. One run at a time; a new train.start
// replaces the run in progress.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "formats/engine_message.h"
#include "train/dataset_loading.h"
#include "train/live_training.h"

namespace vp {

// How the engine reaches the training data sets (platform/training_data.h).
struct TrainingDataAccess {
  std::function<void(const std::string& dataset)> request;
  std::function<TrainingDataStatus(const std::string& dataset)> status;
};

class TrainingJob {
 public:
  explicit TrainingJob(TrainingDataAccess data) : data_(std::move(data)) {}

  // A train.* message; replies (a refusal, a state) are appended to `replies`.
  void receive(const EngineMessage& m, std::vector<EngineMessage>& replies);
  // One step of the run, or a look at the data set it waits for.
  EngineWork work(std::vector<EngineMessage>& replies);

  static constexpr double kStateInterval = 0.1;  // seconds between train.state while training

  // The held-out images whose attention the scene shows: the first of these classes.
  static const std::vector<int>& attention_example_classes();

 private:
  void publish(std::vector<EngineMessage>& replies);

  TrainingDataAccess data_;
  int run_id_ = 0;
  LiveTrainingSettings settings_;
  bool waiting_for_data_ = false, paused_ = false;
  std::unique_ptr<LiveTraining> run_;
  double last_state_ = -1;
  LivePhase last_phase_ = LivePhase::evaluating;
};

}  // namespace vp
