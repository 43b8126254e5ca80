#include "app/training_controller.h"

#include <cmath>

#include "app/engine_link.h"
#include "platform/training_data.h"
#include "train/training_messages.h"

namespace vp::app {

TrainingController& training() {
  static TrainingController controller;
  return controller;
}

std::string TrainingController::start(const LiveTrainingSettings& settings) {
  try {
    live_training_config(settings);  // throws naming the bad setting
    const std::string dataset = model_recipe(settings.model).dataset;
    if (!platform::training_data_available(dataset))
      return "this build cannot load " + settings.model + "'s training data (" + dataset + ")";
    settings_ = settings;
  } catch (const Error& e) {
    return e.what();
  }
  run_.reset();
  data_error_.clear();
  paused_ = false;
  waiting_for_data_ = true;
  data_progress_ = 0;
  post_to_engine(training_start_message(++run_id_, settings_));
  return "";
}

std::string TrainingController::start(const nlohmann::json& options) {
  if (!options.is_object()) return "startTraining expects an object of options";
  LiveTrainingSettings s;
  for (auto it = options.begin(); it != options.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& value = it.value();
    auto whole = [&](int lo, int hi, int& out) -> std::string {
      if (!value.is_number_integer() || value.get<long long>() < lo || value.get<long long>() > hi)
        return key + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
               value.dump();
      out = value.get<int>();
      return "";
    };
    std::string refused;
    if (key == "model") {
      if (!value.is_string()) return "model must be a name (" + std::string(known_image_models()) + ")";
      s.model = value.get<std::string>();
    } else if (key == "epochs") {
      refused = whole(1, 1000, s.epochs);
    } else if (key == "batchSize") {
      refused = whole(1, 4096, s.batch_size);
    } else if (key == "seed") {
      int seed = 0;
      refused = whole(0, 1 << 30, seed);
      s.seed = static_cast<uint32_t>(seed);
    } else if (key == "lr") {
      if (!value.is_number()) return "lr must be a number in (0, 1], got " + value.dump();
      s.lr = value.get<float>();
    } else if (key == "augment") {
      if (!value.is_boolean()) return "augment must be true or false, got " + value.dump();
      s.augment = value.get<bool>();
    } else {
      return "unknown training option '" + key + "' (model, epochs, lr, batchSize, seed, augment)";
    }
    if (!refused.empty()) return refused;
  }
  return start(s);
}

void TrainingController::post(const char* kind) { post_to_engine({kind, {{"run", run_id_}}, {}, {}}); }

void TrainingController::pause() {
  if (!run_ || paused_) return;
  paused_ = true;
  post("train.pause");
}

void TrainingController::resume() {
  if (!run_ || !paused_) return;
  paused_ = false;
  post("train.resume");
}

void TrainingController::reset() {
  if (exists()) post("train.stop");
  run_.reset();
  waiting_for_data_ = false;
  paused_ = false;
  data_error_.clear();
}

void TrainingController::receive(const EngineMessage& reply) {
  if (reply.kind == "engine.failed") {  // the engine could not start or stopped: no run goes on
    if (!exists()) return;
  } else if (reply.fields.value("run", -1) != run_id_) {
    return;  // what a replaced run still said
  }
  if (reply.kind == "train.loading") {
    data_progress_ = reply.fields.value("progress", 0.0f);
  } else if (reply.kind == "train.failed" || reply.kind == "engine.failed") {
    waiting_for_data_ = false;
    data_error_ = reply.fields.value("error", std::string("the engine gave no reason"));
  } else if (reply.kind == "train.state") {
    waiting_for_data_ = false;
    engine_paused_ = reply.fields.value("paused", false);
    engine_threads_ = reply.fields.value("threads", 1);
    try {
      run_ = training_snapshot_from(reply);
    } catch (const Error& e) {
      data_error_ = e.what();
    }
  }
}

nlohmann::json TrainingController::state() const {
  nlohmann::json j = {{"model", settings_.model},
                      {"epochs", settings_.epochs},
                      {"lr", settings_.lr},
                      {"batchSize", settings_.batch_size},
                      {"seed", settings_.seed},
                      {"augment", settings_.augment},
                      {"paused", paused_}};
  if (waiting_for_data_) {
    j["phase"] = "loading-data";
    j["dataProgress"] = data_progress();
  } else if (!data_error_.empty()) {
    j["phase"] = "failed";
    j["error"] = data_error_;
  }
  if (!run_) return j;
  const TrainingSnapshot& r = *run_;
  const TrainProgress& p = r.progress;
  nlohmann::json curve = nlohmann::json::array();
  for (const AccuracyPoint& a : r.accuracy_curve) curve.push_back({a.step, a.accuracy});
  j["phase"] = to_string(r.phase);
  // until the engine confirms a pause, the run goes on (a step may still come)
  j["running"] = !engine_paused_ && !r.done();
  j["step"] = p.step;
  j["totalSteps"] = p.total_steps;
  j["epoch"] = p.epoch;
  j["images"] = p.images;
  j["loss"] = r.recent_loss;
  j["lastBatchLoss"] = p.loss;
  j["currentLr"] = p.lr;
  j["heldOutAccuracy"] = r.accuracy_curve.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.held_out_accuracy());
  j["accuracyCurve"] = curve;
  j["stepLosses"] = r.step_losses;
  j["trainImages"] = r.train_size;
  j["heldOutImages"] = r.held_out_size;
  j["stepsPerSecond"] = r.steps_per_second;
  j["imagesPerSecond"] = r.images_per_second;
  j["etaSeconds"] = r.eta_seconds >= 0 ? nlohmann::json(r.eta_seconds) : nlohmann::json(nullptr);
  j["busySeconds"] = r.busy_seconds;
  j["threads"] = engine_threads_;
  if (r.phase == LivePhase::diverged)
    j["error"] = "the loss became NaN or infinite at step " + std::to_string(p.step + 1) +
                 ": training stopped, the weights of step " + std::to_string(p.step) + " are kept";
  return j;
}

}  // namespace vp::app
