// The engine's Web Worker (src/platform/engine_worker.cpp starts it): runs the core's
// WebAssembly without the UI, away from the page's drawing. The first message says which builds
// to try, in order ({builds: [{script, wasm, scriptBytes, wasmBytes}], threads, base}: the
// pthreads build vitplay-engine-mt first in a cross-origin isolated page, then the one-thread
// vitplay-engine; bytes for files the page holds itself); the others are requests, encoded
// (src/formats/engine_message.h). Between them the engine works in runs of up to kRunMs, then
// lets the next message in, so a pause or a new request is taken within one unit of work (a
// mini-batch, a ViT layer).
'use strict';
var kRunMs = 30, kWaitingMs = 20;

var engine = null, where = null, queue = [], scheduled = false;
var channel = new MessageChannel();  // a task right after the pending messages, without setTimeout's clamping
channel.port1.onmessage = run;

function receive(buffer) {
  var bytes = new Uint8Array(buffer);
  var ptr = engine._malloc(Math.max(1, bytes.length));
  engine.HEAPU8.set(bytes, ptr);
  try { engine._vitplay_engine_receive(ptr, bytes.length); } finally { engine._free(ptr); }
}

function schedule(delayMs) {
  if (scheduled) return;
  scheduled = true;
  if (delayMs) setTimeout(function () { channel.port2.postMessage(0); }, delayMs);
  else channel.port2.postMessage(0);
}

function run() {
  scheduled = false;
  var start = performance.now(), work;
  do work = engine._vitplay_engine_work(); while (work === 0 && performance.now() - start < kRunMs);
  if (work === 0) schedule(0);
  else if (work === 1) schedule(kWaitingMs);
}

function message(e) { return e && e.message ? e.message : String(e); }

// Loads builds[i], else the next; threads: what the first (the pthreads build) may use.
function start(i, why) {
  var build = where.builds[i];
  if (!build) {
    postMessage('the engine module failed to load: ' + why);
    return;
  }
  var script = build.scriptBytes ? URL.createObjectURL(new Blob([build.scriptBytes], {type: 'text/javascript'})) : build.script;
  try {
    importScripts(script);
  } catch (e) {
    start(i + 1, 'could not load ' + build.script + ': ' + message(e));
    return;
  }
  var wasmName = build.wasm.replace(/^.*\//, '');
  var options = {
    locateFile: function (path) { return path === wasmName ? build.wasm : where.base + path; },
    mainScriptUrlOrBlob: script,  // what the pthreads build's own workers load
  };
  if (build.wasmBytes) options.wasmBinary = build.wasmBytes;
  createVitplayEngine(options).then(function (module) {
    engine = module;
    if (i === 0 && where.threads > 1) engine._vitplay_engine_set_threads(where.threads);
    queue.forEach(receive);
    queue = [];
    schedule(0);
  }, function (e) {
    self.createVitplayEngine = undefined;
    start(i + 1, message(e));
  });
}

self.onmessage = function (e) {
  if (!where) {
    where = e.data;
    start(0, 'no build to load');
  } else if (!engine) {
    queue.push(e.data);
  } else {
    receive(e.data);
    schedule(0);
  }
};
