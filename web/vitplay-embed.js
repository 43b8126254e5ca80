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
      // for tests and measurements, not a stable API: the module's memory and the canvas
      debugInfo: function () {
        return mod ? {memoryBytes: mod.HEAPU8.length, canvas: [canvas.width, canvas.height]} : null;
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
        [canvas, live, message].forEach(function (n) { if (n.parentNode) n.parentNode.removeChild(n); });
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

  window.VitPlay = Object.freeze({create: create, scan: scan, describe: describe, baseUrl: baseUrl});
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { scan(); });
  else scan();
})();
