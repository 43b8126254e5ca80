// The engine's Web Worker (src/platform/engine_worker.cpp starts it): runs vitplay-engine.js,
// the core's WebAssembly without the UI, away from the page's drawing. The first message says
// where the engine's files are ({files: {name: url}, bytes: {name: bytes}, base}: bytes for
// the files the page holds itself); the others are requests, encoded
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

function fail(why, e) {
  postMessage(why + ': ' + (e && e.message ? e.message : e));
}

function start() {
  var held = where.bytes || {};
  var script = held['vitplay-engine.js'] ?
    URL.createObjectURL(new Blob([held['vitplay-engine.js']], {type: 'text/javascript'})) : where.files['vitplay-engine.js'];
  try {
    importScripts(script);
  } catch (e) {
    fail('could not load ' + where.files['vitplay-engine.js'], e);
    return;
  }
  var options = {locateFile: function (path) { return where.files[path] || where.base + path; }};
  if (held['vitplay-engine.wasm']) options.wasmBinary = held['vitplay-engine.wasm'];
  createVitplayEngine(options).then(function (module) {
    engine = module;
    queue.forEach(receive);
    queue = [];
    schedule(0);
  }, function (e) { fail('the engine module failed to load', e); });
}

self.onmessage = function (e) {
  if (!where) {
    where = e.data;
    start();
  } else if (!engine) {
    queue.push(e.data);
  } else {
    receive(e.data);
    schedule(0);
  }
};
