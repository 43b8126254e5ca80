/* vitplay page script: checks the browser, loads the WebAssembly module (vitplay.js +
 * vitplay.wasm, next to this file) into <canvas id="canvas">, and exposes window.vitplay:
 *
 *   await vitplay.ready;                 // resolves once the app runs (rejects if it cannot)
 *   await vitplay.setScene('multi-head');
 *   await vitplay.setStep(4);            // 1-based, the article's order
 *   await vitplay.setLang('zh');         // 'en' or 'zh'
 *   await vitplay.setMatrix('x', [[1, 0, 1, 0]]);  // one input of the scene (names: getState().query's state)
 *   vitplay.getState();                  // {scene, step, steps, lang, ...the scene's state}
 *   await vitplay.startTraining({model: 'mnist-vit', epochs: 8, lr: 2e-3, batchSize: 32, seed: 1});
 *   vitplay.getState().training;         // {model, phase, step, epoch, loss, heldOutAccuracy, stepsPerSecond, ...}
 *   await vitplay.stopTraining();        // pauses the run
 *   await vitplay.openFile(file, name);  // an image, checkpoint or config, as a dropped file
 *
 * The setters return Promises (they wait for `ready`); a refused call rejects with an Error
 * whose message says why, and leaves the state unchanged. getState() returns the parsed
 * state, or null while the module is not running.
 *
 * No inline scripts and no eval anywhere: the page runs under a strict CSP
 * (script-src 'self' 'wasm-unsafe-eval'). */
(function () {
  'use strict';

  var script = document.currentScript;
  var baseUrl = new URL('.', (script && script.src) || location.href).href;

  var TEXT = {
    loading: ['Loading vitplay…', '正在加载…'],
    noWasm: ['vitplay needs WebAssembly, which this browser does not support (or has switched off).',
             '此浏览器不支持（或已禁用）WebAssembly，vitplay 无法运行。'],
    noWebgl2: ['vitplay needs WebGL 2, which this browser or its graphics settings do not provide. ' +
               'Try a recent Chrome, Firefox, Edge or Safari, or turn on hardware acceleration.',
               '此浏览器或其图形设置不支持 WebGL 2，vitplay 无法运行。请使用较新的 Chrome、Firefox、Edge 或 Safari，或开启硬件加速。'],
    failed: ['vitplay could not start.', 'vitplay 无法启动。'],
    stopped: ['vitplay stopped because of an internal error. Reload the page to start again.',
              'vitplay 因内部错误而停止，请刷新页面。']
  };

  function VitplayError(message) {
    var e = new Error(message);
    e.name = 'VitplayError';
    return e;
  }

  // ---- the status overlay: loading indicator, then either hidden or an error message ----
  var statusEl = document.getElementById('status');

  function showError(text, detail) {
    if (!statusEl) {  // a page without the overlay: make one
      statusEl = document.createElement('div');
      statusEl.id = 'status';
      statusEl.className = 'status';
      document.body.appendChild(statusEl);
    }
    statusEl.hidden = false;
    statusEl.classList.add('error');
    statusEl.setAttribute('role', 'alert');
    while (statusEl.firstChild) statusEl.removeChild(statusEl.firstChild);
    var p = document.createElement('p');
    p.id = 'status-text';
    p.appendChild(document.createTextNode(text[0]));
    p.appendChild(document.createElement('br'));
    var zh = document.createElement('span');
    zh.lang = 'zh';
    zh.textContent = text[1];
    p.appendChild(zh);
    if (detail) {
      var d = document.createElement('span');
      d.className = 'detail';
      d.textContent = String(detail);
      p.appendChild(d);
    }
    statusEl.appendChild(p);
    var canvas = document.getElementById('canvas');
    if (canvas) canvas.hidden = true;
  }

  function hideStatus() {
    if (statusEl) statusEl.hidden = true;
  }

  // ---- what the browser lacks, if anything ----
  function missingFeature() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') return TEXT.noWasm;
    var gl = null;
    try {
      gl = document.createElement('canvas').getContext('webgl2');
    } catch (e) {
      gl = null;
    }
    if (!gl) return TEXT.noWebgl2;
    var lose = gl.getExtension('WEBGL_lose_context');  // give the probe context back now
    if (lose) lose.loseContext();
    return null;
  }

  // ---- loading ----
  var mod = null;      // the Emscripten module, once main() has set up the app
  var failure = null;  // the Error that stopped loading or running
  var resolveReady, rejectReady;
  var ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
  ready.catch(function () {});  // a failure is shown on the page; awaiting code still sees it

  function fail(text, detail) {
    if (failure) return;
    failure = VitplayError(text[0] + (detail ? ' (' + detail + ')' : ''));
    mod = null;
    showError(text, detail);
    rejectReady(failure);
  }

  function start() {
    var canvas = document.getElementById('canvas');
    if (!canvas) {
      fail(TEXT.failed, 'the page has no <canvas id="canvas">');
      return;
    }
    var missing = missingFeature();
    if (missing) {
      fail(missing);
      return;
    }
    // A context loss (driver reset, too many contexts) leaves a dead canvas: say so.
    canvas.addEventListener('webglcontextlost', function (e) {
      e.preventDefault();
      fail(TEXT.stopped, 'the WebGL context was lost');
    });
    // A trap in the running module (e.g. an out-of-bounds access) surfaces here.
    window.addEventListener('error', function (e) {
      if (typeof WebAssembly === 'object' && e.error instanceof WebAssembly.RuntimeError)
        fail(TEXT.stopped, e.error.message);
    });

    var loader = document.createElement('script');
    loader.src = baseUrl + 'vitplay.js';
    loader.async = true;
    loader.onerror = function () { fail(TEXT.failed, 'could not load ' + loader.src); };
    loader.onload = function () {
      if (typeof window.createVitplayModule !== 'function') {
        fail(TEXT.failed, loader.src + ' did not define createVitplayModule');
        return;
      }
      var created = window.createVitplayModule({
        canvas: canvas,
        locateFile: function (path) { return baseUrl + path; },
        print: function (text) { console.log(text); },
        printErr: function (text) { console.warn(text); },
        onAbort: function (what) { fail(TEXT.stopped, what); },
        // Called by main() (src/mains/web/main.cpp) once the window and the app exist.
        onVitplayReady: function () {
          if (failure) return;
          mod = this;
          applyPageUrl();
          hideStatus();
          resolveReady();
        },
        onVitplayFailed: function (why) { fail(TEXT.failed, why); },
        onVitplayChange: function () { mirror(); },
        vitplayChooseFile: function () { chooseFile(); }
      });
      if (created && typeof created.then === 'function')
        created.then(null, function (e) { fail(TEXT.failed, e && e.message ? e.message : e); });
    };
    document.head.appendChild(loader);
  }

  // ---- calls into the module ----
  // Passes a JS string as a C string to fn(ptr) and returns fn's C string result.
  function callWithString(name, value) {
    return withCString(value, mod['_' + name]);
  }

  // Passes text as a C string to call(ptr); returns the C string call returned, as JS.
  function withCString(text, call) {
    var size = mod.lengthBytesUTF8(text) + 1;
    var ptr = mod._malloc(size);
    if (!ptr) throw VitplayError('out of memory');
    try {
      mod.stringToUTF8(text, ptr, size);
      return mod.UTF8ToString(call(ptr));
    } finally {
      mod._free(ptr);
    }
  }

  // The screen reader's view: #live (offscreen, aria-live) says the scene, the step and its
  // key numbers whenever they change (VitPlay.describe, from vitplay-embed.js).
  function mirror() {
    var live = document.getElementById('live');
    var state = getState();
    if (live && state && window.VitPlay) live.textContent = window.VitPlay.describe(state);
  }

  // The page's own query (?scene=&step=&lang=&state=, as the Share button writes it): each
  // bad parameter falls back to its default, getState().notice says which. Share links
  // point at this page and at embed.html next to it.
  function applyPageUrl() {
    var strings = [location.origin + location.pathname, new URL('embed.html', baseUrl).href, location.search];
    withStrings(strings, function (ptrs) {
      mod._vitplay_set_share_urls(ptrs[0], ptrs[1]);
      mod._vitplay_apply_query(ptrs[2]);
    });
  }

  // Calls fn(pointers) with the strings as C strings; returns fn's C string result as text.
  function withStrings(strings, fn) {
    var ptrs = [];
    try {
      strings.forEach(function (s) {
        var size = mod.lengthBytesUTF8(s) + 1, p = mod._malloc(size);
        if (!p) throw VitplayError('out of memory');
        ptrs.push(p);
        mod.stringToUTF8(s, p, size);
      });
      var result = fn(ptrs);
      return result ? mod.UTF8ToString(result) : '';
    } finally {
      ptrs.forEach(function (p) { mod._free(p); });
    }
  }

  function callWithInt(name, value) {
    return mod.UTF8ToString(mod['_' + name](value));
  }

  // Runs apply() once the module is ready; apply returns "" or the refusal message.
  function whenReady(apply) {
    return ready.then(function () {
      if (failure || !mod) throw failure || VitplayError('vitplay is not running');
      var refused;
      try {
        refused = apply();
      } catch (e) {
        throw VitplayError('vitplay internal error: ' + (e && e.message ? e.message : e));
      }
      if (refused) throw VitplayError(refused);
    });
  }

  function describe(value) {
    var text;
    try {
      text = typeof value === 'number' ? String(value) : JSON.stringify(value);
    } catch (e) {
      text = undefined;
    }
    if (text === undefined) text = String(value);
    return text.length > 60 ? text.slice(0, 57) + '...' : text;
  }

  function setScene(name) {
    return whenReady(function () {
      if (typeof name !== 'string') return 'setScene expects a scene name (a string), got ' + describe(name);
      if (name.length > 256) return 'unknown scene (the name is ' + name.length + ' characters long)';
      return callWithString('vitplay_set_scene', name);
    });
  }

  function setStep(n) {
    return whenReady(function () {
      var step = n;
      if (typeof step === 'string' && /^\s*\d{1,9}\s*$/.test(step)) step = Number(step);
      if (typeof step !== 'number' || !Number.isInteger(step))
        return 'setStep expects a whole number (steps count from 1), got ' + describe(n);
      if (step < -2147483648 || step > 2147483647) return 'step ' + describe(n) + ' is out of range';
      return callWithInt('vitplay_set_step', step);
    });
  }

  function setLang(lang) {
    return whenReady(function () {
      if (typeof lang !== 'string') return "setLang expects 'en' or 'zh', got " + describe(lang);
      if (lang.length > 256) return "unknown language (en or zh)";
      return callWithString('vitplay_set_lang', lang);
    });
  }

  // One input of the current scene, e.g. setMatrix('x', [[1, 0], [0, 1]]); checked like a
  // shared URL's (wrong size, not numbers, out of range: refused with a message).
  function setMatrix(name, rows) {
    return whenReady(function () {
      if (typeof name !== 'string' || name.length > 256) return 'setMatrix expects an input name, e.g. "x"';
      var json = rows === undefined ? undefined : JSON.stringify(rows);
      if (typeof json !== 'string') return 'setMatrix expects rows of numbers, e.g. [[1, 0], [0, 1]]';
      return withStrings([name, json], function (ptrs) { return mod._vitplay_set_input(ptrs[0], ptrs[1]); });
    });
  }

  function getState() {
    if (!mod || failure) return null;
    return JSON.parse(mod.UTF8ToString(mod._vitplay_get_state()));
  }

  // Live training (the training scene shows it, in whichever scene is on screen it goes on):
  // starts a run of `options` {model, epochs, lr, batchSize, seed, augment} (missing ones keep
  // the scene's defaults) from fresh weights, in the engine's Web Worker. Resolves with
  // getState().training once
  // the run is going (the first time, after the page fetched the training data); rejects with
  // the reason for bad options (nothing changed) or with why the data could not be loaded.
  function startTraining(options) {
    return whenReady(function () {
      if (options === undefined) options = {};
      if (options === null || typeof options !== 'object' || Array.isArray(options))
        return 'startTraining expects an object of options, e.g. {model: "mnist-vit", epochs: 8}, got ' + describe(options);
      for (var key in options) {
        var value = options[key];
        // JSON has no NaN or Infinity: refuse them here, by name
        if (typeof value === 'number' && !isFinite(value)) return key + ' must be a finite number, got ' + String(value);
      }
      return callWithString('vitplay_start_training', JSON.stringify(options));
    }).then(function () {
      return new Promise(function (resolve, reject) {
        (function poll() {
          var state = getState();
          var run = state && state.training;
          if (!run) return reject(failure || VitplayError('the training run was reset before it started'));
          if (run.phase === 'failed') return reject(VitplayError(run.error));
          if (run.phase !== 'loading-data') return resolve(run);
          setTimeout(poll, 50);
        })();
      });
    });
  }

  // Pauses the run (its weights, curves and attention stay; the scene's Resume continues).
  // Resolves with getState().training once the engine has paused (running: false).
  function stopTraining() {
    return whenReady(function () {
      mod._vitplay_stop_training();
      return '';
    }).then(function () {
      return new Promise(function (resolve) {
        (function poll() {
          var state = getState();
          var run = state && state.training;
          if (!run || !run.running) return resolve(run || null);
          setTimeout(poll, 20);
        })();
      });
    });
  }

  // Diagnostics for tests and bug reports (not a stable API): sizes and input as the
  // platform layer and ImGui see them.
  function debugInfo() {
    if (!mod || failure) return null;
    var info = JSON.parse(mod.UTF8ToString(mod._vitplay_debug_info()));
    var canvas = document.getElementById('canvas');
    var rect = canvas.getBoundingClientRect();
    info.canvas = {width: canvas.width, height: canvas.height, cssWidth: rect.width, cssHeight: rect.height};
    info.devicePixelRatio = window.devicePixelRatio;
    return info;
  }

  // ---- files: vitplay.openFile(blob, name), the file chooser, drop and paste ----
  // One path for every way a file comes in, shared with embedded figures (vitplay-embed.js,
  // loaded before this script). Resolves with getState() once it shows the new file; rejects
  // with the reason otherwise (a refused file changes nothing).
  var files = window.VitPlay;
  function openFile(blob, name) {
    return ready.then(function () {
      if (failure || !mod) throw failure || VitplayError('vitplay is not running');
      return files.openFileIn(mod, blob, name);
    }).then(function (refused) {
      if (refused) throw VitplayError(refused);
      return getState();
    });
  }
  function openFiles(list) { return files.openFiles(openFile, list); }

  // The chooser behind the app's "Open" button (src/platform/file_chooser.cpp).
  var chooser = null;
  function chooseFile() {
    if (!chooser) chooser = files.fileChooser(document.body, openFiles);
    chooser.click();
  }
  // the whole page takes dropped files, and pasted ones wherever the focus is
  files.takeFiles(document, document, function () { return true; }, openFiles);

  window.vitplay = Object.freeze({
    ready: ready,
    setScene: setScene,
    setStep: setStep,
    setLang: setLang,
    setMatrix: setMatrix,
    getState: getState,
    startTraining: startTraining,
    stopTraining: stopTraining,
    openFile: openFile,
    debugInfo: debugInfo
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
