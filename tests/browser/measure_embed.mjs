// Measurements for the README (not a test: `node tests/browser/measure_embed.mjs`):
//   - the page's wasm + js, raw and gzipped (-9);
//   - cold load of the full app on localhost: navigation start to the first frame drawn
//     after vitplay.ready (median of 5, fresh browser context each, nothing cached);
//   - a page with five figures (vitplay-embed.js), all scrolled into view: the renderer
//     processes' resident memory against the same page without figures, the JS heap, and
//     each module's WebAssembly memory; then the same with five ViT figures, each of which
//     starts an engine (a Web Worker with its own module, where the models' weights live).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, openPage, nextFrames, WEB_DIR } from './lib.mjs';
import { hostDir } from './figures.mjs';

const mb = (bytes) => (bytes / 1048576).toFixed(2) + ' MB';

// Resident memory (kB) of every process below this one whose command line says `type`.
function rssOf(type) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' }).trim().split('\n')
    .map((l) => { const [pid, ppid, rss, ...args] = l.trim().split(/\s+/); return { pid: +pid, ppid: +ppid, rss: +rss, args: args.join(' ') }; });
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows) if (!mine.has(r.pid) && mine.has(r.ppid)) { mine.add(r.pid); grew = true; }
  }
  return rows.filter((r) => mine.has(r.pid) && r.args.includes(type)).reduce((s, r) => s + r.rss, 0);
}

const files = ['vitplay.wasm', 'vitplay.js', 'vitplay-api.js', 'vitplay-embed.js'];
let raw = 0, gz = 0;
for (const f of files) {
  const bytes = fs.readFileSync(path.join(WEB_DIR, f));
  const z = zlib.gzipSync(bytes, { level: 9 }).length;
  console.log(`${f}: ${(bytes.length / 1024).toFixed(0)} KB, gzipped ${(z / 1024).toFixed(0)} KB`);
  raw += bytes.length;
  gz += z;
}
console.log(`wasm + js: ${mb(raw)}, gzipped ${mb(gz)} (vitplay.data, the models, not counted: ` +
            `${mb(fs.statSync(path.join(WEB_DIR, 'vitplay.data')).size)})`);

const server = await startServer(WEB_DIR, { headers: { 'Access-Control-Allow-Origin': '*' } });
const browser = await launchBrowser();
try {
  const times = [];
  for (let i = 0; i < 5; ++i) {
    const page = await openPage(browser);
    await page.goto(server.url, { waitUntil: 'load' });
    const t = await page.evaluate(() => window.vitplay.ready.then(() => new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))))));
    times.push(t);
    await page.context().close();
  }
  times.sort((a, b) => a - b);
  console.log(`cold load to first frame: median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`);

  const article = ['self-attention', 'multi-head', 'positional-encoding', 'embedding', 'cnn-vs-attention'];
  const pageOf = (scenes) => `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="h.css">
<script src="${server.url}vitplay-embed.js" defer></script></head><body>
${scenes.map((s, i) => `<p>Figure ${i + 1}</p><div data-vitplay-scene="${s}" data-vitplay-height="360"></div>`).join('\n')}
<p>end</p></body></html>`;
  const host = await startServer(hostDir({ 'index.html': pageOf(article), 'vit.html': pageOf(Array(5).fill('vit')),
                                           'none.html': pageOf([]), 'h.css': 'body{margin:0}' }));
  const empty = await openPage(browser, { viewport: { width: 1000, height: 800 } });
  await empty.goto(host.url + 'none.html', { waitUntil: 'load' });
  await empty.waitForTimeout(1500);
  const base = rssOf('--type=renderer') + rssOf('--type=gpu-process');
  await empty.context().close();

  for (const [what, file] of [['five figures', ''], ['five ViT figures, an engine each', 'vit.html']]) {
    const page = await openPage(browser, { viewport: { width: 1000, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await page.goto(host.url + file, { waitUntil: 'load' });
    const started = [];
    for (let i = 0; i < 5; ++i) {
      await page.evaluate((k) => document.querySelectorAll('[data-vitplay-scene]')[k].scrollIntoView(), i);
      await page.waitForFunction((k) => {
        const f = document.querySelectorAll('[data-vitplay-scene]')[k].__vitplay, st = f && f.getState();
        return st && !st.computing && !st.loading;
      }, i, { timeout: 30000 });
      started.push(await page.evaluate((k) => document.querySelectorAll('[data-vitplay-scene]')[k].__vitplay.debugInfo().memoryBytes, i));
    }
    await nextFrames(page, 5);
    await page.waitForTimeout(1500);
    const five = rssOf('--type=renderer') + rssOf('--type=gpu-process');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    console.log(`${what}: WebAssembly memories ${started.map((b) => (b / 1048576).toFixed(0)).join(' + ')} MB ` +
                `= ${mb(started.reduce((a, b) => a + b, 0))}; JS heap ${mb(heap)}; renderer + GPU processes ` +
                `${mb(five * 1024)} against ${mb(base * 1024)} for the same page without figures (+${mb((five - base) * 1024)})`);
    await page.context().close();
  }
  await host.close();
} finally {
  await browser.close();
  await server.close();
}
