#include "train/training_messages.h"

namespace vp {

EngineMessage training_start_message(int run, const LiveTrainingSettings& s) {
  return {"train.start",
          {{"run", run},
           {"model", s.model},
           {"epochs", s.epochs},
           {"lr", s.lr},
           {"batch_size", s.batch_size},
           {"seed", s.seed},
           {"augment", s.augment}},
          {},
          {}};
}

LiveTrainingSettings training_settings_from(const EngineMessage& m) {
  const nlohmann::json& f = m.fields;
  LiveTrainingSettings s;
  s.model = message_field<std::string>(f, "model");
  s.epochs = message_field<int>(f, "epochs");
  s.lr = message_field<float>(f, "lr");
  s.batch_size = message_field<int>(f, "batch_size");
  s.seed = message_field<uint32_t>(f, "seed");
  s.augment = message_field<bool>(f, "augment");
  return s;
}

LivePhase live_phase_from(const std::string& name) {
  for (LivePhase p : {LivePhase::training, LivePhase::evaluating, LivePhase::finished, LivePhase::diverged})
    if (name == to_string(p)) return p;
  throw Error("unknown training phase '" + name + "'");
}

// The matrices of a train.state: the step losses [1, steps], then per example its image and
// its layers' attention.
EngineMessage training_state_message(int run, const TrainingSnapshot& s) {
  const TrainProgress& p = s.progress;
  nlohmann::json curve = nlohmann::json::array(), examples = nlohmann::json::array();
  for (const AccuracyPoint& a : s.accuracy_curve) curve.push_back({a.step, a.accuracy});
  for (const ExampleAttention& e : s.examples)
    examples.push_back({{"index", e.index}, {"label", e.label}, {"predicted", e.predicted}, {"layers", e.layers.size()}});
  EngineMessage m{"train.state",
                  {{"run", run},
                   {"phase", to_string(s.phase)},
                   {"step", p.step},
                   {"total_steps", p.total_steps},
                   {"epoch", p.epoch},
                   {"images", p.images},
                   {"loss", p.loss},
                   {"lr", p.lr},
                   {"diverged", p.diverged},
                   {"accuracy_curve", curve},
                   {"recent_loss", s.recent_loss},
                   {"evaluation_progress", s.evaluation_progress},
                   {"examples", examples},
                   {"train_size", s.train_size},
                   {"held_out_size", s.held_out_size},
                   {"steps_per_second", s.steps_per_second},
                   {"images_per_second", s.images_per_second},
                   {"eta_seconds", s.eta_seconds},
                   {"busy_seconds", s.busy_seconds}},
                  {},
                  {}};
  m.mats.push_back(Eigen::Map<const Mat>(s.step_losses.data(), 1, static_cast<Eigen::Index>(s.step_losses.size())));
  for (size_t i = 0; i < s.examples.size(); ++i) {
    m.mats.push_back(s.example_images.at(i));
    for (const Mat& layer : s.examples[i].layers) m.mats.push_back(layer);
  }
  return m;
}

TrainingSnapshot training_snapshot_from(const EngineMessage& m) {
  const nlohmann::json& f = m.fields;
  TrainingSnapshot s;
  s.phase = live_phase_from(message_field<std::string>(f, "phase"));
  s.progress.step = message_field<int>(f, "step");
  s.progress.total_steps = message_field<int>(f, "total_steps");
  s.progress.epoch = message_field<int>(f, "epoch");
  s.progress.images = message_field<long long>(f, "images");
  s.progress.loss = message_field<float>(f, "loss");
  s.progress.lr = message_field<float>(f, "lr");
  s.progress.diverged = message_field<bool>(f, "diverged");
  for (const nlohmann::json& a : message_field<nlohmann::json>(f, "accuracy_curve")) {
    if (!a.is_array() || a.size() != 2 || !a[0].is_number_integer() || !a[1].is_number())
      throw Error("train.state: an accuracy point is not [step, accuracy]");
    s.accuracy_curve.push_back({a[0].get<int>(), a[1].get<float>()});
  }
  s.recent_loss = message_field<float>(f, "recent_loss");
  s.evaluation_progress = message_field<float>(f, "evaluation_progress");
  s.train_size = message_field<size_t>(f, "train_size");
  s.held_out_size = message_field<size_t>(f, "held_out_size");
  s.steps_per_second = message_field<double>(f, "steps_per_second");
  s.images_per_second = message_field<double>(f, "images_per_second");
  s.eta_seconds = message_field<double>(f, "eta_seconds");
  s.busy_seconds = message_field<double>(f, "busy_seconds");
  size_t next = 0;
  auto mat = [&]() -> const Mat& {
    if (next >= m.mats.size()) throw Error("train.state: fewer matrices than its examples need");
    return m.mats[next++];
  };
  const Mat& losses = mat();
  s.step_losses.assign(losses.data(), losses.data() + losses.size());
  for (const nlohmann::json& e : message_field<nlohmann::json>(f, "examples")) {
    ExampleAttention ex;
    ex.index = message_field<size_t>(e, "index");
    ex.label = message_field<int>(e, "label");
    ex.predicted = message_field<int>(e, "predicted");
    s.example_images.push_back(mat());
    for (size_t l = 0, n = message_field<size_t>(e, "layers"); l < n; ++l) ex.layers.push_back(mat());
    s.examples.push_back(std::move(ex));
  }
  return s;
}

}  // namespace vp
