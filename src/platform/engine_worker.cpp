// In the page the engine runs in a Web Worker (web/vitplay-engine-worker.js) with a WebAssembly
// module of its own (src/mains/engine/): no ImGui, no GL, the weights it works on. Messages
// cross as encoded byte buffers, transferred rather than copied on the way out of this
// module's memory. The worker starts with the first request; if the page cannot start it (a
// Content-Security-Policy without worker-src for the figure's files, say), the replies say so.
#include <emscripten/emscripten.h>

#include <map>

#include "platform/engine.h"

namespace vp::platform {

struct Engine::Impl {
  int id = 0;
  std::vector<EngineMessage> replies;
};

namespace {
std::map<int, Engine::Impl*> g_engines;  // by the id the worker's replies carry
int g_next_id = 1;
}  // namespace

}  // namespace vp::platform

// Starts the worker for engine `id`: the script next to the module's files
// (Module.locateFile: a folder, or blob URLs of files a notebook holds), same-origin as the
// page where it can be, else through a blob that imports it (a figure whose files come from
// another origin: the page's CSP then needs worker-src blob:). Its first message says which
// builds of the engine to try and where their files are, or holds them
// (Module.vitplayFileBytes: a notebook's copies).
EM_JS(void, vitplay_engine_start, (int id), {
  var engines = Module.vitplayEngines || (Module.vitplayEngines = {});
  function locate(path) {
    return new URL(Module.locateFile ? Module.locateFile(path) : path, document.baseURI).href;
  }
  function fail(why) {
    var text = 'the engine (a Web Worker) could not start: ' + why;
    var size = lengthBytesUTF8(text) + 1, ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    Module._vitplay_engine_failed(id, ptr);
    _free(ptr);
  }
  var script = locate('vitplay-engine-worker.js');
  var worker;
  try {
    worker = new Worker(script);
  } catch (e) {
    try {
      var source = 'importScripts(' + JSON.stringify(script) + ');';
      worker = new Worker(URL.createObjectURL(new Blob([source], {type: 'text/javascript'})));
    } catch (e2) {
      fail(e2 && e2.message ? e2.message : String(e2));
      return;
    }
  }
  worker.onmessage = function (e) {
    if (typeof e.data === 'string') { fail(e.data); return; }  // the worker's own report of a failure
    var bytes = new Uint8Array(e.data);
    var ptr = _malloc(Math.max(1, bytes.length));
    HEAPU8.set(bytes, ptr);
    try { Module._vitplay_engine_reply(id, ptr, bytes.length); } finally { _free(ptr); }
  };
  worker.onerror = function (e) {
    e.preventDefault();
    fail(e.message || 'its script failed to load');
  };
  // a cross-origin isolated page can share memory with the engine's threads: the pthreads
  // build with up to 4 (falling back to the one-thread build if it cannot load)
  var isolated = self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  function build(name) {
    var held = Module.vitplayFileBytes && Module.vitplayFileBytes(name + '.js');
    return {script: locate(name + '.js'), wasm: locate(name + '.wasm'),
            scriptBytes: held || null, wasmBytes: (Module.vitplayFileBytes && Module.vitplayFileBytes(name + '.wasm')) || null};
  }
  worker.postMessage({builds: isolated ? [build('vitplay-engine-mt'), build('vitplay-engine')] : [build('vitplay-engine')],
                      threads: isolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1,
                      base: locate("")});
  engines[id] = worker;
});

EM_JS(void, vitplay_engine_post, (int id, const uint8_t* bytes, int size), {
  var worker = Module.vitplayEngines && Module.vitplayEngines[id];
  if (!worker) return;  // it failed to start and said so
  var copy = HEAPU8.slice(bytes, bytes + size);
  worker.postMessage(copy.buffer, [copy.buffer]);
});

EM_JS(void, vitplay_engine_terminate, (int id), {
  var worker = Module.vitplayEngines && Module.vitplayEngines[id];
  if (worker) worker.terminate();
  if (worker) delete Module.vitplayEngines[id];
});

extern "C" {

EMSCRIPTEN_KEEPALIVE void vitplay_engine_reply(int id, const uint8_t* bytes, int size) {
  const auto it = vp::platform::g_engines.find(id);
  if (it == vp::platform::g_engines.end()) return;
  try {
    it->second->replies.push_back(vp::decode_engine_message(bytes, static_cast<size_t>(size)));
  } catch (const vp::Error& e) {
    it->second->replies.push_back({"engine.failed", {{"error", e.what()}}, {}, {}});
  }
}

EMSCRIPTEN_KEEPALIVE void vitplay_engine_failed(int id, const char* why) {
  const auto it = vp::platform::g_engines.find(id);
  if (it != vp::platform::g_engines.end()) it->second->replies.push_back({"engine.failed", {{"error", why}}, {}, {}});
}

}  // extern "C"

namespace vp::platform {

Engine::Engine() : impl_(new Impl) {
  impl_->id = g_next_id++;
  g_engines[impl_->id] = impl_.get();
  vitplay_engine_start(impl_->id);
}

Engine::~Engine() {
  vitplay_engine_terminate(impl_->id);
  g_engines.erase(impl_->id);
}

void Engine::post(EngineMessage request) {
  const std::vector<uint8_t> bytes = encode(request);
  vitplay_engine_post(impl_->id, bytes.data(), static_cast<int>(bytes.size()));
}

std::vector<EngineMessage> Engine::poll() {
  std::vector<EngineMessage> out;
  out.swap(impl_->replies);
  return out;
}

}  // namespace vp::platform
