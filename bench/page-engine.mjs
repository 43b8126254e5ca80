// Benchmark (not part of ci/test): the engine in the page, side by side with the same core
// under node, in one run. For each page mode (cross-origin isolated, as ci/play serves it, and
// not, as an ordinary host page) in headless Chromium (Debian's, through playwright-core):
//   idle       the 95th-percentile requestAnimationFrame gap of the training scene, nothing running
//   training   mnist-vit's live run from fresh weights with the scene's defaults: images/s of wall
//              clock, seconds to 95 % held out (from startTraining, the data fetch included), the
//              95th-percentile and longest frame gaps while it runs
//   ViT-Ti     a ViT-Ti/16 checkpoint (tests/browser/vit_ti.mjs) opened while frames are counted
//              (the longest gap while it loads), then forwards over a photo: ms per forward
//              (median), the 95th-percentile and longest frame gaps while computing
// and under node: `vitplay-cli.js live-train` with the same settings (images/s, seconds to 95 %).
// Prints a markdown table; JSON to build/bench/page-engine.json.
//
//   node bench/page-engine.mjs [--epochs N] [--seed S] [--limit SECONDS] [--forwards N]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, openPage, loadApp, ROOT, WEB_DIR } from '../tests/browser/lib.mjs';
import { TIMM_CONFIG, timmTensors, safetensors } from '../tests/browser/vit_ti.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EPOCHS = option('--epochs', 8), SEED = option('--seed', 1), LIMIT = option('--limit', 300);
const FORWARDS = option('--forwards', 5);
const ISOLATING = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const p95 = (gaps) => {
  const s = [...gaps].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] : NaN;
};

// Frame gaps in the page from now until stopGaps(): window.__gaps.
const startGaps = (page) => page.evaluate(() => {
  window.__gaps = [];
  window.__stop = false;
  let last = 0;
  const tick = (t) => {
    if (last) window.__gaps.push(t - last);
    last = t;
    if (!window.__stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
const stopGaps = (page) => page.evaluate(() => { window.__stop = true; return window.__gaps; });

async function idleGaps(page, seconds = 5) {
  await startGaps(page);
  await page.waitForTimeout(seconds * 1000);
  return stopGaps(page);
}

async function training(page) {
  await page.evaluate(() => window.vitplay.setScene('training'));
  const idle = await idleGaps(page);
  await startGaps(page);
  const r = await page.evaluate(async ([opts, limit]) => {
    const t0 = performance.now();
    const first = await window.vitplay.startTraining(opts);
    const tFirst = performance.now(), imagesFirst = first.images;
    let reached95 = null, seen = 0, s;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      s = window.vitplay.getState().training;
      for (; seen < s.accuracyCurve.length; ++seen)
        if (reached95 === null && s.accuracyCurve[seen][1] >= 0.95) reached95 = (performance.now() - t0) / 1000;
      if (s.phase === 'finished' || s.phase === 'diverged' || (performance.now() - t0) / 1000 > limit) break;
    }
    const seconds = (performance.now() - tFirst) / 1000;
    return { phase: s.phase, steps: s.step, images: s.images, seconds, reached95, accuracy: s.heldOutAccuracy,
             imagesPerSecond: (s.images - imagesFirst) / seconds };
  }, [{ epochs: EPOCHS, seed: SEED }, LIMIT]);
  const gaps = await stopGaps(page);
  return { ...r, idleP95: p95(idle), p95: p95(gaps), longest: Math.max(...gaps) };
}

async function vitTi(page, files) {
  await page.route('**/bench-files/*', (route) => route.fulfill({ body: files[path.basename(route.request().url())] }));
  await page.evaluate(() => window.vitplay.setScene('vit'));
  const open = (name) => page.evaluate(async (n) => {
    const blob = await (await fetch('/bench-files/' + n)).blob();
    return window.vitplay.openFile(blob, n);
  }, name);
  await open('config.json');
  await startGaps(page);
  await open('vit_tiny_patch16_224.safetensors');  // resolves once the pad's digit ran through it
  const loadGaps = await stopGaps(page);
  await open('photo.png');
  const times = [], computingGaps = [];
  for (let i = 0; i < FORWARDS; ++i) {
    await startGaps(page);
    const ms = await page.evaluate(async (k) => {
      const t0 = performance.now();
      await window.vitplay.setMatrix('occluded', k % 2 ? [[0]] : []);
      while (window.vitplay.getState().computing) await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    }, i);
    times.push(ms);
    computingGaps.push(...await stopGaps(page));
  }
  times.sort((a, b) => a - b);
  return { loadLongest: Math.max(...loadGaps), msPerForward: times[times.length >> 1], p95: p95(computingGaps),
           longest: Math.max(...computingGaps) };
}

function nodeRun() {
  const out = execFileSync('node', ['--no-experimental-fetch', path.join(WEB_DIR, 'vitplay-cli.js'), 'live-train',
                                    '--epochs', String(EPOCHS), '--seed', String(SEED), '--format', 'json'],
                           { encoding: 'utf8', timeout: LIMIT * 4000 });
  const r = JSON.parse(out);
  return { imagesPerSecond: r.images_per_second, reached95: r.reached95_seconds, seconds: r.seconds, steps: r.steps };
}

console.log(`bench/page-engine ${new Date().toISOString().slice(0, 16)} UTC on ${os.cpus().length} cores, ` +
            `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const photo = fs.readFileSync(path.join(ROOT, 'tests/fixtures/vit/seven-on-paper.png'));
const files = { 'config.json': TIMM_CONFIG, 'vit_tiny_patch16_224.safetensors': safetensors(timmTensors()),
                'photo.png': photo };
const results = { node: nodeRun(), modes: {} };
console.log(`node: ${results.node.imagesPerSecond.toFixed(0)} images/s, 95 % at ${results.node.reached95?.toFixed(0)} s`);
const browser = await launchBrowser();
try {
  for (const [name, headers] of [['isolated', ISOLATING], ['not isolated', {}]]) {
    const server = await startServer(WEB_DIR, { headers });
    const page = await openPage(browser);
    await loadApp(page, server.url);
    results.modes[name] = { training: await training(page), vitTi: await vitTi(page, files) };
    console.log(`${name}: ${JSON.stringify(results.modes[name])}`);
    await page.close();
    await server.close();
  }
} finally {
  await browser.close();
}
console.log(`load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
fs.mkdirSync(path.join(ROOT, 'build/bench'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'build/bench/page-engine.json'), JSON.stringify(results, null, 1));

const f = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
console.log(`\n| | training images/s | vs node | 95 % held out (s) | frame gap p95 idle / training (ms) | longest (ms) |` +
            ` ViT-Ti ms/forward | frame gap p95 while computing (ms) | longest gap loading ViT-Ti (ms) |`);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(`| node (live-train) | ${f(results.node.imagesPerSecond)} | 1.00x | ${f(results.node.reached95)} | | | | | |`);
for (const [name, r] of Object.entries(results.modes)) {
  const t = r.training, v = r.vitTi;
  console.log(`| page, ${name} | ${f(t.imagesPerSecond)} | ${f(t.imagesPerSecond / results.node.imagesPerSecond, 2)}x | ` +
              `${f(t.reached95)} | ${f(t.idleP95, 1)} / ${f(t.p95, 1)} | ${f(t.longest)} | ${f(v.msPerForward)} | ` +
              `${f(v.p95, 1)} | ${f(v.loadLongest)} |`);
}
