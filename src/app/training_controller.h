// The one live training run of the app, shared by the training scene (its buttons), the App's
// API (vitplay.startTraining / stopTraining / getState().training, native flags) and the
// frame loop: App::frame() calls tick() every frame, so a run keeps going (a few milliseconds
// per frame) whichever scene is shown. The math is train/live_training.h; the data comes from
// platform/training_data.h (fetched by the page when a run first needs it).
#pragma once
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "train/live_training.h"

namespace vp::app {

class TrainingController {
 public:
  // Checks the settings (a message naming the bad one, nothing changed) and starts a run from
  // fresh weights, once the model's data is loaded (loading it first if needed).
  std::string start(const LiveTrainingSettings& settings);
  // The same from the page's JSON options {model, epochs, lr, batchSize, seed, augment, sliceMs}
  // (missing keys keep their defaults); refuses unknown keys and values of the wrong type.
  std::string start(const nlohmann::json& options);
  void pause() { paused_ = true; }
  void resume() { paused_ = false; }
  void reset();  // forgets the run (and a pending start)

  // Starts a run whose data has arrived, and trains (when busy) for the slice budget: sliceMs
  // in a frame that is presented, so a picture comes soon after input; kHiddenFrameSliceMs in
  // one that is not (the reader left the UI alone, see App::should_present), so the run gets
  // most of the time and such frames still come about every 50 ms. Called once per frame.
  void tick(bool frame_presented);
  static constexpr double kHiddenFrameSliceMs = 40;
  // A run that is training or evaluating: not paused, finished or diverged.
  bool busy() const { return run_ && !paused_ && !run_->done(); }

  bool exists() const { return run_ != nullptr || waiting_for_data_ || !data_error_.empty(); }
  bool waiting_for_data() const { return waiting_for_data_; }
  bool paused() const { return paused_; }
  const std::string& data_error() const { return data_error_; }
  float data_progress() const;
  const LiveTraining* run() const { return run_.get(); }
  const LiveTrainingSettings& settings() const { return settings_; }

  // getState().training: {model, phase, running, step, totalSteps, epoch, epochs, loss, ...}
  nlohmann::json state() const;

 private:
  LiveTrainingSettings settings_;
  double slice_ms_ = 8;
  bool waiting_for_data_ = false, paused_ = false;
  std::string data_error_;
  std::unique_ptr<LiveTraining> run_;
};

// The app's controller.
TrainingController& training();

// The held-out images whose attention the scene shows: the first of these classes.
inline const std::vector<int>& attention_example_classes() {
  static const std::vector<int> classes = {2, 4, 7, 9};
  return classes;
}

}  // namespace vp::app
