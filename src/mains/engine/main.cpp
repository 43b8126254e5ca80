// The engine's WebAssembly module, which web/vitplay-engine-worker.js runs in a Web Worker:
// the core and the engine (engine/engine_core.h) without ImGui or GL, built twice: with one
// thread, and with pthreads for cross-origin isolated pages (vitplay-engine-mt). The worker hands it each
// request's bytes and calls vitplay_engine_work() while there is work, between its messages;
// every reply is posted to the page as one transferred buffer.
#include <emscripten/emscripten.h>

#include "engine/engine_core.h"
#include "nn/parallel.h"
#include "platform/training_data.h"  // compiled in: the rest of platform (image codecs) is not needed here

namespace {

vp::EngineCore* g_core = nullptr;

void post_replies() {
  for (const vp::EngineMessage& m : g_core->take_replies()) {
    const std::vector<uint8_t> bytes = vp::encode(m);
    EM_ASM({
      var copy = HEAPU8.slice($0, $0 + $1);
      postMessage(copy.buffer, [copy.buffer]);
    }, bytes.data(), bytes.size());
  }
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void vitplay_engine_receive(const uint8_t* bytes, int size) {
  try {
    g_core->receive(vp::decode_engine_message(bytes, static_cast<size_t>(size)));
  } catch (const vp::Error& e) {
    EM_ASM({ postMessage(UTF8ToString($0)); }, e.what());  // not a message: the page's side is broken
  }
  post_replies();
}

// The threads the engine's loops use (the pthreads build, vitplay-engine-mt: up to its pool's
// workers + 1; the other build stays at 1).
EMSCRIPTEN_KEEPALIVE void vitplay_engine_set_threads(int n) { vp::set_threads(n); }

// One unit of work: 0 = more to do at once, 1 = waiting on something (ask again soon), 2 = idle.
EMSCRIPTEN_KEEPALIVE int vitplay_engine_work() {
  const vp::EngineWork work = g_core->work();
  post_replies();
  return static_cast<int>(work);
}

}  // extern "C"

int main() {
  static vp::EngineCore core({vp::platform::request_training_data, vp::platform::training_data_status});
  g_core = &core;
  return 0;
}
