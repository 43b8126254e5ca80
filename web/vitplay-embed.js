/* vitplay figures in any page. Load this script (from wherever build/web is served; another
 * origin needs CORS on that server) and either mark elements up:
 *
 *   <script src="https://example.org/vitplay/vitplay-embed.js"></script>
 *   <div data-vitplay-scene="positional-encoding" data-vitplay-step="2"></div>
 *
 * (also data-vitplay-lang="zh", data-vitplay-state="v1....", data-vitplay-height="420"), or
 * create figures from script:
 *
 *   var fig = VitPlay.create(element, {scene: 'self-attention', step: 3, lang: 'en', state: 'v1...'});
 *   await fig.ready;
 *   await fig.setStep(4);  await fig.setScene('multi-head');  await fig.setLang('zh');
 *   await fig.setMatrix('x', [[1, 0, 1, 0], [0, 2, 0, 2]]);
 *   fig.getState();        // {scene, step, steps, lang, notice, query, ...}; null until running
 *   fig.on('step', function (state) { ... });   // also 'change' (any input), 'ready'
 *   await fig.openFile(file);  // the vit scene: an image (or checkpoint) as if dropped on it
 *   fig.destroy();
 *
 * Each figure is its own WebAssembly instance on its own canvas, started when it scrolls
 * into view; the .wasm is compiled once and the data file fetched once for all figures.
 * A figure takes the wheel, touch drags and keys only while focused (click it, or Tab to
 * it; a focus ring shows it); otherwise the page scrolls past it. Bad options or attributes
 * fall back to their defaults; getState().notice says what was refused. No eval, no
 * inline styles or scripts: works under script-src <this origin> 'wasm-unsafe-eval'.
 */
(function () {
  'use strict';
  if (window.VitPlay) return;  // loaded twice: keep the first

  var script = document.currentScript;
  var baseUrl = new URL('.', (script && script.src) || location.href).href;
  var FOCUS_RING = '3px solid #6aa6ff';

  function VitplayError(message) {
    var e = new Error(message);
    e.name = 'VitplayError';
    return e;
  }

  // ---- what all figures share: the factory script, the compiled wasm, the data file ----
  var shared = null;
  function loadShared() {
    if (shared) return shared;
    var factory = new Promise(function (resolve, reject) {
      if (typeof window.createVitplayModule === 'function') return resolve(window.createVitplayModule);
      var s = document.createElement('script');
      s.src = baseUrl + 'vitplay.js';
      s.async = true;
      s.crossOrigin = 'anonymous';
      s.onload = function () {
        if (typeof window.createVitplayModule === 'function') resolve(window.createVitplayModule);
        else reject(VitplayError(s.src + ' did not define createVitplayModule'));
      };
      s.onerror = function () { reject(VitplayError('could not load ' + s.src)); };
      document.head.appendChild(s);
    });
    function fetchOk(name) {
      return fetch(baseUrl + name, {credentials: 'omit'}).then(function (r) {
        if (!r.ok) throw VitplayError('could not load ' + baseUrl + name + ' (HTTP ' + r.status + ')');
        return r;
      });
    }
    var wasm = fetchOk('vitplay.wasm').then(function (r) { return r.arrayBuffer(); })
      .then(function (bytes) { return WebAssembly.compile(bytes); });
    var data = fetchOk('vitplay.data').then(function (r) { return r.arrayBuffer(); });
    shared = Promise.all([factory, wasm, data]).then(function (all) {
      return {factory: all[0], wasm: all[1], data: all[2]};
    });
    shared.catch(function () { shared = null; });  // a later figure may try again
    return shared;
  }

  // ---- files into a module: openFile(blob, name), the file chooser, drop and paste ----
  // Every way a file comes in takes this one path, in a figure and in the full app
  // (vitplay-api.js uses it too). Images are decoded by the browser (createImageBitmap: it
  // refuses truncated and corrupt files, which <img>.decode() does not) and handed over as
  // RGBA; any other file goes over as bytes, and the module tells a safetensors checkpoint
  // from a config by content. A refused file changes nothing.

  // PNG, JPEG, GIF, BMP, WebP (RIFF....WEBP): the formats the browser decodes for us.
  function looksLikeImage(b) {
    function starts(magic) {
      for (var i = 0; i < magic.length; i++) if (b[i] !== magic[i]) return false;
      return b.length >= magic.length;
    }
    return starts([0x89, 0x50, 0x4e, 0x47]) || starts([0xff, 0xd8, 0xff]) || starts([0x47, 0x49, 0x46, 0x38]) ||
           starts([0x42, 0x4d]) || (starts([0x52, 0x49, 0x46, 0x46]) && b.length >= 12 &&
           String.fromCharCode(b[8], b[9], b[10], b[11]) === 'WEBP');
  }

  // The module's limits (src/formats/image.h): checked before a pixel is allocated.
  var MAX_IMAGE_SIDE = 16384, MAX_IMAGE_PIXELS = 40000000;

  // Resolves to {width, height, rgba} or null when the browser cannot decode the file.
  function decodeImage(blob) {
    return createImageBitmap(blob, {premultiplyAlpha: 'none', colorSpaceConversion: 'none'}).then(function (bitmap) {
      var w = bitmap.width, h = bitmap.height;
      if (w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || w * h > MAX_IMAGE_PIXELS) {
        bitmap.close();
        return {width: w, height: h, rgba: null};  // the module refuses the size with its message
      }
      var canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      var ctx = canvas.getContext('2d', {willReadFrequently: true});
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
      return {width: w, height: h, rgba: ctx.getImageData(0, 0, w, h).data};
    }, function () { return null; });
  }

  // Copies bytes into the module's memory for fn(ptr) and frees them afterwards.
  function withBytes(mod, bytes, fn) {
    var ptr = mod._malloc(Math.max(1, bytes.length));
    if (!ptr) throw VitplayError('out of memory');
    try {
      mod.HEAPU8.set(bytes, ptr);
      return fn(ptr);
    } finally {
      mod._free(ptr);
    }
  }

  // fn(pointer to name as a C string, pointer to bytes) -> the module's answer as text
  function withNameAndBytes(mod, name, bytes, fn) {
    return withBytes(mod, new TextEncoder().encode(name + '\0'), function (namePtr) {
      return withBytes(mod, bytes, function (ptr) { return mod.UTF8ToString(fn(namePtr, ptr)); });
    });
  }

  // Resolves with "" once the module took the file, or with why it refused it; rejects when
  // the arguments are not a file.
  function openFileIn(mod, blob, name) {
    return Promise.resolve().then(function () {
      if (typeof Blob === 'undefined' || !(blob instanceof Blob))
        throw VitplayError('openFile expects a File or Blob, got ' + (blob === null ? 'null' : typeof blob));
      if (name !== undefined && typeof name !== 'string') throw VitplayError('openFile: the name must be a string');
      name = (name || blob.name || 'file').slice(0, 200);
      return blob.arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer);
      var asBytes = function () {
        return withNameAndBytes(mod, name, bytes, function (n, p) { return mod._vitplay_open_file(n, p, bytes.length); });
      };
      if (!looksLikeImage(bytes)) return asBytes();
      return decodeImage(blob).then(function (image) {
        if (!image) return asBytes();  // undecodable: the module names the problem from the bytes
        // no pixels when the image is over the limits: the module refuses its size with its message
        return withNameAndBytes(mod, name, image.rgba || new Uint8Array(0), function (n, p) {
          return mod._vitplay_open_image(n, image.width, image.height, p);
        });
      });
    });
  }

  // Several files at once (a checkpoint with its config.json): configs first, so the
  // checkpoint after them uses what they say. open(file, name) returns a Promise.
  function openFiles(open, list) {
    var files = Array.prototype.slice.call(list || []);
    files.sort(function (a, b) { return /\.(json|txt)$/i.test(b.name) - /\.(json|txt)$/i.test(a.name); });
    return files.reduce(function (done, f) {
      return done.then(function () {
        return open(f, f.name).catch(function (e) { console.warn('vitplay: ' + e.message); });
      });
    }, Promise.resolve());
  }

  // A hidden <input type=file> under `parent` that gives the chosen files to onFiles; its
  // click() (from the click on the app's "Open" button) opens the browser's chooser.
  function fileChooser(parent, onFiles) {
    var input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.hidden = true;
    input.accept = 'image/*,.safetensors,.json,.txt';
    input.addEventListener('change', function () {
      onFiles(input.files);
      input.value = '';
    });
    parent.appendChild(input);
    return input;
  }

  // Files dropped on `target`, or pasted while `pasteTarget` has the focus, go to onFiles
  // while accepts() says so (otherwise the page keeps the browser's own behaviour).
  function takeFiles(target, pasteTarget, accepts, onFiles) {
    target.addEventListener('dragover', function (e) {
      if (accepts() && e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, 'Files') >= 0) e.preventDefault();
    });
    target.addEventListener('drop', function (e) {
      if (!accepts() || !e.dataTransfer || !e.dataTransfer.files.length) return;
      e.preventDefault();
      onFiles(e.dataTransfer.files);
    });
    pasteTarget.addEventListener('paste', function (e) {
      var files = e.clipboardData ? e.clipboardData.files : null;
      if (!accepts() || !files || !files.length) return;
      e.preventDefault();
      onFiles(files);
    });
  }

  // ---- options: attributes or create() options -> the query the module parses ----
  function toQuery(options) {
    var params = new URLSearchParams();
    ['scene', 'step', 'lang', 'state'].forEach(function (key) {
      var v = options[key];
      if (v !== undefined && v !== null) params.set(key, String(v));
    });
    return params.toString();
  }

  function optionsFromAttributes(el) {
    var o = {};
    ['scene', 'step', 'lang', 'state'].forEach(function (key) {
      var v = el.getAttribute('data-vitplay-' + key);
      if (v !== null) o[key] = v;
    });
    var h = el.getAttribute('data-vitplay-height');
    if (h !== null) o.height = h;
    return o;
  }

  function figureHeight(option, width) {
    var h = Number(option);
    if (Number.isFinite(h) && h >= 150 && h <= 4000) return h;
    return Math.max(360, Math.round(width * 0.62));
  }

  // ---- one figure ----
  function create(element, options) {
    if (!(element instanceof Element)) throw VitplayError('VitPlay.create expects an element');
    options = options || {};
    if (element.__vitplay) element.__vitplay.destroy();

    var listeners = {step: [], change: [], ready: []};
    var mod = null, failure = null, destroyed = false, lastStep = null, lastScene = null;
    var resolveReady, rejectReady;
    var ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
    ready.catch(function () {});

    var canvas = document.createElement('canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', 'vitplay figure: ' + (options.scene || 'self-attention') +
                        ' (click or Tab to focus, then Left/Right arrow keys to step)');
    var live = document.createElement('div');  // the figure as text, for screen readers
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('aria-label', 'vitplay figure, current step');
    var message = document.createElement('p');
    message.hidden = true;
    message.setAttribute('role', 'alert');

    var fill = !!options.fill;  // embed.html: the figure is the whole page
    element.classList.add('vitplay-figure');
    element.style.position = element.style.position || 'relative';
    // The canvas's CSS size as min = max: Emscripten resets its inline width and height
    // whenever it resizes the backing store (Browser.updateCanvasDimensions), which would let
    // the canvas grow to its backing size (2x the page's at device pixel ratio 2, again and again).
    canvas.style.display = 'block';
    canvas.style.minWidth = canvas.style.maxWidth = '100%';
    canvas.style.outlineOffset = '-3px';
    canvas.style.touchAction = 'pan-y pinch-zoom';  // unfocused: a swipe scrolls the page
    function size() {
      var h = fill ? '100%' : figureHeight(options.height, element.clientWidth || 640) + 'px';
      canvas.style.minHeight = canvas.style.maxHeight = h;
    }
    size();
    ['position:absolute', 'width:1px', 'height:1px', 'overflow:hidden', 'clip:rect(0 0 0 0)', 'white-space:nowrap']
      .forEach(function (rule) { var kv = rule.split(':'); live.style.setProperty(kv[0], kv[1]); });
    message.style.margin = '0.5em 0';
    message.style.color = '#b00020';
    element.appendChild(canvas);
    element.appendChild(live);
    element.appendChild(message);

    canvas.addEventListener('focus', function () {
      canvas.style.outline = FOCUS_RING;
      canvas.style.touchAction = 'none';  // focused: drags go to sliders and the drawing pad
    });
    canvas.addEventListener('blur', function () {
      canvas.style.outline = 'none';
      canvas.style.touchAction = 'pan-y pinch-zoom';
    });
    canvas.addEventListener('mousedown', function () { canvas.focus({preventScroll: true}); });
    // a focused figure's arrow keys step it; they must not also scroll the page
    canvas.addEventListener('keydown', function (e) {
      if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', ' ', 'PageUp', 'PageDown', 'Home', 'End'].indexOf(e.key) >= 0)
        e.preventDefault();
    });
    canvas.addEventListener('webglcontextlost', function (e) {
      e.preventDefault();
      if (!destroyed) fail('the WebGL context was lost');
    });

    function emit(type, value) {
      listeners[type].slice().forEach(function (fn) {
        try { fn(value); } catch (e) { console.error(e); }
      });
    }

    function fail(why) {
      if (failure || destroyed) return;
      failure = VitplayError('vitplay could not run: ' + why);
      mod = null;
      canvas.hidden = true;
      message.hidden = false;
      message.textContent = 'vitplay could not run here (' + why + ').';
      rejectReady(failure);
    }

    function call(name, args) {  // args: numbers or strings
      var ptrs = [];
      try {
        var cargs = args.map(function (a) {
          if (typeof a === 'number') return a;
          var size = mod.lengthBytesUTF8(a) + 1, p = mod._malloc(size);
          if (!p) throw VitplayError('out of memory');
          ptrs.push(p);
          mod.stringToUTF8(a, p, size);
          return p;
        });
        var result = mod['_' + name].apply(null, cargs);
        return typeof result === 'number' && result ? mod.UTF8ToString(result) : '';
      } finally {
        ptrs.forEach(function (p) { mod._free(p); });
      }
    }

    function getState() {
      if (!mod || failure || destroyed) return null;
      return JSON.parse(call('vitplay_get_state', []));
    }

    // The aria-live mirror and the 'step'/'change' events, after any change on screen.
    function changed() {
      var s = getState();
      if (!s) return;
      live.textContent = describe(s);
      emit('change', s);
      if (s.step !== lastStep || s.scene !== lastScene) {
        lastStep = s.step;
        lastScene = s.scene;
        emit('step', s);
      }
    }

    function start() {
      loadShared().then(function (sh) {
        if (destroyed) return;
        return sh.factory({
          canvas: canvas,
          locateFile: function (path) { return baseUrl + path; },
          instantiateWasm: function (imports, receive) {
            WebAssembly.instantiate(sh.wasm, imports).then(function (instance) { receive(instance, sh.wasm); },
                                                           function (e) { fail(String(e && e.message || e)); });
            return {};
          },
          getPreloadedPackage: function () { return sh.data; },
          print: function (text) { console.log(text); },
          printErr: function (text) { console.warn(text); },
          onAbort: function (what) { fail(String(what)); },
          onVitplayFailed: function (why) { fail(why); },
          onVitplayChange: function () { if (mod) changed(); },
          vitplayChooseFile: function () { chooser.click(); },
          onVitplayReady: function () {
            if (destroyed || failure) return;
            mod = this;
            call('vitplay_embed', []);
            call('vitplay_set_share_urls', [baseUrl + 'index.html', baseUrl + 'embed.html']);
            call('vitplay_apply_query', [typeof options.query === 'string' ? options.query : toQuery(options)]);
            resolveReady(api);
            emit('ready', getState());
          }
        });
      }).then(null, function (e) { fail(e && e.message ? e.message : String(e)); });
    }

    // The vit scene's files: its own "Open" button, a drop on the figure, a paste while it
    // has the focus; a figure of another scene leaves drops and pastes to the page.
    function openFile(blob, name) {
      return ready.then(function () {
        if (destroyed) throw VitplayError('this figure was destroyed');
        if (failure || !mod) throw failure || VitplayError('vitplay is not running');
        return openFileIn(mod, blob, name);
      }).then(function (refused) {
        if (refused) throw VitplayError(refused);
        return getState();
      });
    }
    function takeList(files) {
      canvas.focus({preventScroll: true});
      openFiles(openFile, files);
    }
    var chooser = fileChooser(element, takeList);
    takeFiles(element, canvas, function () { return !!mod && lastScene === 'vit'; }, takeList);

    // Runs apply() once ready; apply returns "" or why it was refused (nothing changed then).
    function whenReady(apply) {
      return ready.then(function () {
        if (destroyed) throw VitplayError('this figure was destroyed');
        if (failure || !mod) throw failure || VitplayError('vitplay is not running');
        var refused = apply();
        if (refused) throw VitplayError(refused);
        return getState();
      });
    }

    function text(value) {
      if (typeof value !== 'string') return null;
      return value.length > 256 ? null : value;
    }

    var api = {
      ready: ready,
      element: element,
      setScene: function (name) {
        return whenReady(function () {
          var v = text(name);
          return v === null ? 'setScene expects a scene name' : call('vitplay_set_scene', [v]);
        });
      },
      setStep: function (n) {
        return whenReady(function () {
          var step = typeof n === 'string' && /^\s*\d{1,9}\s*$/.test(n) ? Number(n) : n;
          if (!Number.isInteger(step) || Math.abs(step) > 1e9) return 'setStep expects a whole number from 1, got ' + String(n).slice(0, 40);
          return call('vitplay_set_step', [step]);
        });
      },
      setLang: function (lang) {
        return whenReady(function () {
          var v = text(lang);
          return v === null ? "setLang expects 'en' or 'zh'" : call('vitplay_set_lang', [v]);
        });
      },
      setMatrix: function (name, rows) {
        return whenReady(function () {
          var v = text(name);
          if (v === null) return 'setMatrix expects an input name, e.g. "x"';
          var json;
          try { json = JSON.stringify(rows); } catch (e) { json = undefined; }
          if (typeof json !== 'string') return 'setMatrix expects rows of numbers, e.g. [[1, 0], [0, 1]]';
          return call('vitplay_set_input', [v, json]);
        });
      },
      getState: getState,
      openFile: openFile,
      // for tests and measurements, not a stable API: the module's memory, the canvas, and
      // what ImGui sees (sizes, mouse, items: where matrices, buttons... are, in canvas pixels)
      debugInfo: function () {
        if (!mod) return null;
        var info = JSON.parse(call('vitplay_debug_info', []));
        info.memoryBytes = mod.HEAPU8.length;
        info.canvas = [canvas.width, canvas.height];
        return info;
      },
      on: function (type, fn) {
        if (!listeners[type] || typeof fn !== 'function') throw VitplayError("on() takes 'step', 'change' or 'ready' and a function");
        listeners[type].push(fn);
        return api;
      },
      off: function (type, fn) {
        if (listeners[type]) listeners[type] = listeners[type].filter(function (f) { return f !== fn; });
        return api;
      },
      destroy: function () {
        if (destroyed) return;
        destroyed = true;
        if (observer) observer.disconnect();
        window.removeEventListener('resize', size);
        if (mod) {
          try { call('vitplay_stop', []); } catch (e) { /* already stopped */ }
          var gl = canvas.getContext('webgl2');
          var lose = gl && gl.getExtension('WEBGL_lose_context');
          if (lose) lose.loseContext();
        }
        mod = null;
        [canvas, live, message, chooser].forEach(function (n) { if (n.parentNode) n.parentNode.removeChild(n); });
        element.__vitplay = null;
        rejectReady(VitplayError('this figure was destroyed'));
      }
    };

    window.addEventListener('resize', size);
    // start when (nearly) visible: a page with many figures only pays for those read
    var observer = null;
    if (typeof IntersectionObserver === 'function' && !fill) {
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          observer.disconnect();
          observer = null;
          start();
        }
      }, {rootMargin: '200px'});
      observer.observe(element);
    } else start();

    element.__vitplay = api;
    return api;
  }

  // "Self-attention, step 3 of 6 (scores = Q K^T): scores [[...]]": what the canvas shows,
  // in words and the step's key numbers, for the aria-live mirror.
  function describe(s) {
    var out = s.scene + ', step ' + s.step + ' of ' + s.steps;
    var trace = s.trace && s.trace.steps;
    var step = trace && trace[Math.min(s.step, trace.length) - 1];
    if (step) {
      if (step.formula) out += ' (' + step.formula + ')';
      var m = step.outputs && step.outputs[0];
      if (m && m.data && m.data.length <= 8 && m.data[0].length <= 8)
        out += ': ' + m.name + ' = ' + JSON.stringify(m.data.map(function (r) {
          return r.map(function (x) { return Math.round(x * 1e4) / 1e4; });
        }));
    }
    if (s.notice) out += '. Refused: ' + s.notice;
    return out + '.';
  }

  function scan(root) {
    var found = (root || document).querySelectorAll('[data-vitplay-scene]');
    Array.prototype.forEach.call(found, function (el) {
      if (!el.__vitplay) create(el, optionsFromAttributes(el));
    });
  }

  window.VitPlay = Object.freeze({create: create, scan: scan, describe: describe, baseUrl: baseUrl,
                                  // the full app's page script (vitplay-api.js) opens files the same way
                                  openFileIn: openFileIn, openFiles: openFiles, fileChooser: fileChooser,
                                  takeFiles: takeFiles});
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { scan(); });
  else scan();
})();
