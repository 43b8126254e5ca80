// Live training's messages between the app and the engine (formats/engine_message.h):
//
//   app -> engine   train.start {run, model, epochs, lr, batch_size, seed, augment}
//                   train.pause {run}, train.resume {run}, train.stop {run}
//   engine -> app   train.loading {run, progress}       the data set is on its way
//                   train.state {run, ...} + matrices   a TrainingSnapshot
//                   train.failed {run, error}           no run (the data or the settings)
//
// `run` numbers the app's runs, so that what an old run still said is ignored after a new start.
#pragma once
#include "formats/engine_message.h"
#include "train/live_training.h"

namespace vp {

EngineMessage training_start_message(int run, const LiveTrainingSettings& s);
LiveTrainingSettings training_settings_from(const EngineMessage& m);  // throws vp::Error

EngineMessage training_state_message(int run, const TrainingSnapshot& s);
TrainingSnapshot training_snapshot_from(const EngineMessage& m);  // throws vp::Error

LivePhase live_phase_from(const std::string& name);  // the inverse of to_string; throws vp::Error

}  // namespace vp
