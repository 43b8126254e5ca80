// Pre-js for the programs run under node (vitplay-cli.js, vitplay-tests.js): they see the
// shell's environment variables, as the native programs do (Emscripten starts with a
// fixed, made-up environment otherwise).
Module['preRun'] = Module['preRun'] || [];
Module['preRun'].push(function () {
  Object.assign(ENV, process.env);
});
