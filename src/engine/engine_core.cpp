#include "engine/engine_core.h"

#include <algorithm>

namespace vp {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The busier of two jobs' answers: busy before waiting before idle.
EngineWork busier(EngineWork a, EngineWork b) { return std::min(a, b); }

}  // namespace

EngineCore::EngineCore(TrainingDataAccess data) : training_(std::move(data)) {}

void EngineCore::receive(const EngineMessage& request) {
  try {
    if (starts_with(request.kind, "train.")) training_.receive(request, replies_);
    else if (starts_with(request.kind, "vit.")) vit_.receive(request, replies_);
    else replies_.push_back({"engine.refused", {{"error", "unknown engine message '" + request.kind + "'"}}, {}, {}});
  } catch (const std::exception& e) {  // vp::Error, or a field of the wrong type (nlohmann::json)
    replies_.push_back({"engine.refused", {{"error", request.kind + ": " + e.what()}}, {}, {}});
  }
}

EngineWork EngineCore::work() {
  try {
    // the ViT first: the reader waits for its result, while training goes on in the background
    const EngineWork vit = vit_.work(replies_);
    if (vit == EngineWork::busy) return vit;
    return busier(vit, training_.work(replies_));
  } catch (const Error& e) {  // a job's own errors are its replies; this is the engine failing
    replies_.push_back({"engine.failed", {{"error", e.what()}}, {}, {}});
    return EngineWork::idle;
  }
}

std::vector<EngineMessage> EngineCore::take_replies() {
  std::vector<EngineMessage> out;
  out.swap(replies_);
  return out;
}

}  // namespace vp
