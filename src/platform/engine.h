// The app's engine (engine/engine_core.h) away from the drawing thread: natively a std::thread,
// in the page a Web Worker running the engine's own WebAssembly module (src/mains/engine/,
// web/vitplay-engine-worker.js). The app posts requests and, once a frame, takes the replies
// that have arrived; neither call waits for the engine's work.
#pragma once
#include <memory>
#include <vector>

#include "formats/engine_message.h"

namespace vp::platform {

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void post(EngineMessage request);
  std::vector<EngineMessage> poll();  // the replies since the last poll, oldest first

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace vp::platform
