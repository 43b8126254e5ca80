// Shared helpers for the browser tests (tests/browser/*.test.mjs, each run as `node FILE`,
// exit code = result): a static file server for the web build, Debian's chromium driven by
// playwright-core (never a downloaded browser), console/page error collection, PNG checks,
// and a tiny test runner.
//
// Environment:
//   VITPLAY_WEB_DIR    the web build to serve (default build/web)
//   VITPLAY_SHOTS_DIR  where screenshots go   (default build/test-shots)
//   CHROMIUM           the browser binary     (default /usr/bin/chromium)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { decodePng, imageStats, blankReason } from './png.mjs';

export { decodePng, imageStats, blankReason };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIR = path.resolve(ROOT, process.env.VITPLAY_WEB_DIR || 'build/web');
export const SHOTS_DIR = path.resolve(ROOT, process.env.VITPLAY_SHOTS_DIR || 'build/test-shots');

// The scene list shared with tests/native/screenshots.sh (see scenes.json).
const sceneConfig = JSON.parse(fs.readFileSync(new URL('./scenes.json', import.meta.url), 'utf8'));
export const SCENES = sceneConfig.scenes;
export const PENDING_SCENES = new Set(sceneConfig.pending);

// ---- static file server ------------------------------------------------------------
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8',
};

// Serves `dir` on 127.0.0.1 at a free port. Returns {url, requests, close()}; `requests`
// lists the paths asked for (with status), for tests that care.
export async function startServer(dir = WEB_DIR, { headers = {} } = {}) {
  if (!fs.existsSync(path.join(dir, 'index.html')))
    throw new Error(`${dir}/index.html not found: build the web target first (ci/build web)`);
  const requests = [];
  const server = http.createServer((req, res) => {
    let status = 200;
    try {
      const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = path.join(dir, path.normalize(urlPath));
      if (file !== dir && !file.startsWith(dir + path.sep)) status = 403;
      else {
        if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
        if (!fs.existsSync(file) || !fs.statSync(file).isFile()) status = 404;
        else {
          res.writeHead(200, {
            'Content-Type': MIME[path.extname(file).toLowerCase()] || 'application/octet-stream',
            'Cache-Control': 'no-store', ...headers,
          });
          if (req.method === 'HEAD') res.end();
          else fs.createReadStream(file).pipe(res);
        }
      }
    } catch {
      status = 400;
    }
    requests.push({ path: req.url, status });
    if (status !== 200) {
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(`${status}\n`);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

// ---- browser ---------------------------------------------------------------------------
// Flags from ../shared/TOOLCHAIN.md: WebGL2 through SwiftShader in headless Chromium.
// Playwright adds --headless, --no-sandbox (chromiumSandbox: false) and a fresh profile.
export const CHROMIUM_ARGS = [
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

export async function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

// Console lines that are not the page's fault.
const CONSOLE_NOISE = [/GPU stall due to ReadPixels/i, /GroupMarkerNotSet/i, /Automatic fallback to software WebGL/i];

// Opens a page in a fresh context and records its console errors, uncaught exceptions
// and failed requests in page.problems (an array of strings).
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1,
                                          initScript = null, hasTouch = false, isMobile = false } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, hasTouch, isMobile });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  page.problems = [];
  page.logs = [];
  page.on('console', (msg) => {
    const text = msg.text();
    page.logs.push(`[${msg.type()}] ${text}`);
    if (msg.type() === 'error' && !CONSOLE_NOISE.some((re) => re.test(text))) page.problems.push(`console error: ${text}`);
  });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('requestfailed', async (req) => {
    // Playwright reports some fetches of a Web Worker as net::ERR_ABORTED after their whole
    // response arrived (microsoft/playwright#32752 and alike): a complete 200 is no failure
    const response = await req.response().catch(() => null);
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && response?.ok() && req.timing().responseEnd > 0) return;
    page.problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  return page;
}

// Loads the app and waits until window.vitplay.ready resolved and the loading indicator
// is gone. Returns the load time in ms.
export async function loadApp(page, url, { timeout = 30000 } = {}) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout });
  await page.waitForFunction(() => typeof window.vitplay === 'object', null, { timeout });
  await page.evaluate(() => window.vitplay.ready);
  await page.waitForSelector('#status', { state: 'hidden', timeout });
  await nextFrames(page, 2);
  return Date.now() - t0;
}

// Waits for n animation frames (the app draws one per frame).
export async function nextFrames(page, n = 2) {
  await page.evaluate((count) => new Promise((resolve) => {
    const step = (left) => (left <= 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(count);
  }), n);
}

// Calls window.vitplay.NAME(...args); returns {ok: true} or {ok: false, error: message}.
export async function api(page, name, ...args) {
  return page.evaluate(async ([fn, a]) => {
    try {
      await window.vitplay[fn](...a);
      return { ok: true };
    } catch (e) {
      return { ok: false, error: String(e && e.message ? e.message : e) };
    }
  }, [name, args]);
}

export async function getState(page) {
  return page.evaluate(() => window.vitplay.getState());
}

// Screenshots the page into SHOTS_DIR/<name>.png and returns the image statistics.
export async function shoot(page, name) {
  const file = path.join(SHOTS_DIR, `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const png = await page.screenshot({ path: file });
  return { file, ...imageStats(decodePng(png)) };
}

// ---- a tiny test runner ---------------------------------------------------------------
const results = [];

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Runs fn, prints PASS/FAIL with its time; failures are collected, not thrown.
export async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`  FAIL ${name} (${Date.now() - t0} ms)\n       ${String(e && e.stack ? e.stack : e).split('\n').slice(0, 4).join('\n       ')}`);
  }
}

// Runs main(ctx) with a server and a browser, closes both, prints a summary and exits
// (0 only when every test passed). A watchdog keeps a hung browser from stalling CI.
export async function run(title, main, { timeoutMs = 120000 } = {}) {
  const t0 = Date.now();
  const watchdog = setTimeout(() => {
    console.log(`${title}: timed out after ${timeoutMs} ms`);
    process.exit(1);
  }, timeoutMs);
  let server = null, browser = null, fatal = null;
  try {
    server = await startServer();
    browser = await launchBrowser();
    await main({ server, browser, url: server.url });
  } catch (e) {
    fatal = e;
  } finally {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
  }
  clearTimeout(watchdog);
  const failed = results.filter((r) => !r.ok).length;
  if (fatal) console.log(`  FAIL ${title}: ${fatal.stack || fatal}`);
  console.log(`${title}: ${results.length - failed} passed, ${failed} failed${fatal ? ', aborted' : ''} ` +
              `(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(failed || fatal || results.length === 0 ? 1 : 0);
}

// Fails with the page's recorded problems, if any (and forgets them).
export function assertNoProblems(page, what = 'the page') {
  const problems = page.problems.splice(0);
  assert(problems.length === 0, `${what} reported:\n         ${problems.join('\n         ')}`);
}
