/* embed.html's page script: one figure from the page's own query
 * (?scene=&step=&lang=&state=, checked by the module: a bad parameter falls back to its
 * default with a notice), window.vitplay like the full app, and the same calls over
 * postMessage for the page that holds the iframe:
 *
 *   iframe.contentWindow.postMessage({vitplay: 'setStep', args: [4], id: 1}, '*');
 *   // answer: {vitplay: 'result', id: 1, ok: true, value: state} or {ok: false, error: '...'}
 *   // events: {vitplay: 'ready', state}, {vitplay: 'step', state}, {vitplay: 'change', state}
 *
 * Methods: setScene, setStep, setLang, setMatrix, getState, openFile (a File or Blob and
 * its name: the vit scene's image or checkpoint). States sent over postMessage leave out the
 * trace (ask getState for it). */
(function () {
  'use strict';
  var figure = VitPlay.create(document.getElementById('figure'), {query: location.search, fill: true});
  window.vitplay = Object.freeze({
    ready: figure.ready,
    setScene: figure.setScene,
    setStep: figure.setStep,
    setLang: figure.setLang,
    setMatrix: figure.setMatrix,
    getState: figure.getState,
    openFile: figure.openFile,
    on: figure.on,
    off: figure.off
  });

  var METHODS = ['setScene', 'setStep', 'setLang', 'setMatrix', 'getState', 'openFile'];
  function brief(state) {
    if (!state) return null;
    var copy = {};
    Object.keys(state).forEach(function (k) { if (k !== 'trace') copy[k] = state[k]; });
    return copy;
  }
  function tell(type, state) {
    if (window.parent !== window) window.parent.postMessage({vitplay: type, state: brief(state)}, '*');
  }
  figure.on('ready', function (s) { tell('ready', s); });
  figure.on('step', function (s) { tell('step', s); });
  figure.on('change', function (s) { tell('change', s); });

  window.addEventListener('message', function (e) {
    var msg = e.data;
    if (!msg || typeof msg !== 'object' || typeof msg.vitplay !== 'string' || msg.vitplay === 'result') return;
    var reply = function (body) {
      body.vitplay = 'result';
      body.id = msg.id;
      if (e.source) e.source.postMessage(body, e.origin === 'null' ? '*' : e.origin);
    };
    if (METHODS.indexOf(msg.vitplay) < 0) {
      reply({ok: false, error: 'unknown method ' + String(msg.vitplay).slice(0, 40) + ' (' + METHODS.join(', ') + ')'});
      return;
    }
    var args = Array.isArray(msg.args) ? msg.args.slice(0, 2) : [];
    Promise.resolve().then(function () { return figure[msg.vitplay].apply(null, args); })
      .then(function (value) { reply({ok: true, value: value}); },
            function (err) { reply({ok: false, error: String(err && err.message || err)}); });
  });
})();
