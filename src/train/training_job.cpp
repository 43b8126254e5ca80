#include "train/training_job.h"

#include "nn/parallel.h"
#include "train/training_messages.h"

namespace vp {

namespace {

EngineMessage failed(int run, const std::string& error) { return {"train.failed", {{"run", run}, {"error", error}}, {}, {}}; }

}  // namespace

const std::vector<int>& TrainingJob::attention_example_classes() {
  static const std::vector<int> classes = {2, 4, 7, 9};
  return classes;
}

void TrainingJob::receive(const EngineMessage& m, std::vector<EngineMessage>& replies) {
  const int run = m.fields.value("run", 0);
  if (m.kind == "train.start") {
    run_.reset();
    run_id_ = run;
    paused_ = false;
    try {
      settings_ = training_settings_from(m);
      live_training_config(settings_);  // refuses a bad setting by name
      data_.request(model_recipe(settings_.model).dataset);
      waiting_for_data_ = true;
    } catch (const Error& e) {
      waiting_for_data_ = false;
      replies.push_back(failed(run, e.what()));
    }
    return;
  }
  if (run != run_id_) return;  // about a run this engine no longer has
  if (m.kind == "train.pause") {
    paused_ = true;
  } else if (m.kind == "train.resume") {
    paused_ = false;
  } else if (m.kind == "train.stop") {
    run_.reset();
    waiting_for_data_ = false;
  } else {
    replies.push_back(failed(run, "unknown training message '" + m.kind + "'"));
  }
  if (run_) publish(replies);  // the app sees the pause at once
}

EngineWork TrainingJob::work(std::vector<EngineMessage>& replies) {
  if (waiting_for_data_) {
    const TrainingDataStatus status = data_.status(model_recipe(settings_.model).dataset);
    if (status.state == DataState::failed) {
      waiting_for_data_ = false;
      replies.push_back(failed(run_id_, status.error));
      return EngineWork::idle;
    }
    if (status.state != DataState::ready) {
      if (wall_seconds() - last_state_ >= kStateInterval) {
        replies.push_back({"train.loading", {{"run", run_id_}, {"progress", status.progress}}, {}, {}});
        last_state_ = wall_seconds();
      }
      return EngineWork::waiting;
    }
    waiting_for_data_ = false;
    try {
      run_ = std::make_unique<LiveTraining>(live_training_config(settings_), status.train, status.held_out,
                                            first_of_classes(*status.held_out, attention_example_classes()));
    } catch (const Error& e) {
      replies.push_back(failed(run_id_, e.what()));
      return EngineWork::idle;
    }
    publish(replies);
    return EngineWork::busy;
  }
  if (!run_ || paused_ || run_->done()) return EngineWork::idle;
  run_->step();
  if (run_->done() || run_->phase() != last_phase_ || wall_seconds() - last_state_ >= kStateInterval) publish(replies);
  return run_->done() ? EngineWork::idle : EngineWork::busy;
}

void TrainingJob::publish(std::vector<EngineMessage>& replies) {
  EngineMessage m = training_state_message(run_id_, run_->snapshot());
  m.fields["paused"] = paused_;
  m.fields["threads"] = threads();
  replies.push_back(std::move(m));
  last_state_ = wall_seconds();
  last_phase_ = run_->phase();
}

}  // namespace vp
