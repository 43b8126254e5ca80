// The one live training run of the app, shared by the training scene (its buttons), the App's
// API (vitplay.startTraining / stopTraining / getState().training, native flags) and the
// frame loop. The run itself is the engine's (train/training_job.h, away from the drawing
// thread): this side posts the requests and keeps the engine's latest snapshot of the run
// for the scene to draw, so a run goes on whichever scene is shown.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "formats/engine_message.h"
#include "train/live_training.h"

namespace vp::app {

class TrainingController {
 public:
  // Checks the settings (a message naming the bad one, nothing changed) and starts a run from
  // fresh weights in the engine, which loads the model's data first if needed.
  std::string start(const LiveTrainingSettings& settings);
  // The same from the page's JSON options {model, epochs, lr, batchSize, seed, augment}
  // (missing keys keep their defaults); refuses unknown keys and values of the wrong type.
  std::string start(const nlohmann::json& options);
  void pause();
  void resume();
  void reset();  // forgets the run (the engine drops it)

  // A train.* reply of the engine (train/training_messages.h).
  void receive(const EngineMessage& reply);

  // A run that is training or evaluating: not paused, finished or diverged.
  bool busy() const { return run_ && !paused_ && !run_->done(); }
  bool exists() const { return run_.has_value() || waiting_for_data_ || !data_error_.empty(); }
  bool waiting_for_data() const { return waiting_for_data_; }
  bool paused() const { return paused_; }
  const std::string& data_error() const { return data_error_; }
  float data_progress() const { return data_progress_; }
  const TrainingSnapshot* run() const { return run_ ? &*run_ : nullptr; }
  const LiveTrainingSettings& settings() const { return settings_; }

  // getState().training: {model, phase, running, step, totalSteps, epoch, epochs, loss, ...}
  nlohmann::json state() const;

 private:
  void post(const char* kind);

  LiveTrainingSettings settings_;
  int run_id_ = 0;
  bool waiting_for_data_ = false, paused_ = false;
  bool engine_paused_ = false;  // the engine's last state said it had paused
  int engine_threads_ = 1;      // the threads its loops use
  float data_progress_ = 0;
  std::string data_error_;
  std::optional<TrainingSnapshot> run_;
};

// The app's controller.
TrainingController& training();

}  // namespace vp::app
