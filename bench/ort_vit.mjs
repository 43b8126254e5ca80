// ViT forward in onnxruntime-web's WebAssembly backend (SIMD, one thread) under node, for
// ci/bench's table. Prints one JSON line: {"ms_per_forward": median, ...}.
//   node bench/ort_vit.mjs MODEL.onnx [REPEAT]
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const [model, repeatArg] = process.argv.slice(2);
const repeat = Number(repeatArg || 10);
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
const session = await ort.InferenceSession.create(readFileSync(model), { executionProviders: ['wasm'] });
const input = session.inputNames[0];
const x = new Float32Array(3 * 224 * 224);
let seed = 1;  // uniform noise in [-1, 1), the same every run
for (let i = 0; i < x.length; ++i) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  x[i] = seed / 1073741824 - 1;
}
const feeds = { [input]: new ort.Tensor('float32', x, [1, 3, 224, 224]) };
await session.run(feeds);  // warm-up, untimed
const ms = [];
const cpuStart = process.cpuUsage();
for (let i = 0; i < repeat; ++i) {
  const start = performance.now();
  await session.run(feeds);
  ms.push(performance.now() - start);
}
const cpu = process.cpuUsage(cpuStart);  // microseconds, user + system
const sorted = [...ms].sort((a, b) => a - b);
const median = repeat % 2 ? sorted[(repeat - 1) / 2] : (sorted[repeat / 2 - 1] + sorted[repeat / 2]) / 2;
console.log(JSON.stringify({
  benchmark: 'vit', target: 'onnxruntime-web', version: ort.env.versions.web, threads: 1, simd: true,
  repeat, ms_per_forward: median, ms_min: sorted[0], ms_max: sorted[sorted.length - 1],
  cpu_ms_per_forward: (cpu.user + cpu.system) / 1000 / repeat, ms,
}));
