#include "app/engine_link.h"

#include <memory>

#include "platform/engine.h"

namespace vp::app {

namespace {
std::unique_ptr<platform::Engine>& engine() {
  static std::unique_ptr<platform::Engine> e;
  return e;
}
}  // namespace

void post_to_engine(EngineMessage request) {
  if (!engine()) engine() = std::make_unique<platform::Engine>();
  engine()->post(std::move(request));
}

std::vector<EngineMessage> engine_replies() { return engine() ? engine()->poll() : std::vector<EngineMessage>{}; }

}  // namespace vp::app
