// Helpers for the embedding tests (embed.test.mjs, share.test.mjs, tutorial.test.mjs):
// host pages written to a temporary folder and served from their own port, waiting for
// VitPlay figures, and a sharpness measure for screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, nextFrames, WEB_DIR } from './lib.mjs';

// A folder holding `files` ({name: text}); serve it with startServer(dir).
export function hostDir(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitplay-host-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

// What a host page needs to run figures served from `origin`, and nothing more: no inline
// scripts or styles, no eval (WebAssembly compilation only), and the engine's Web Worker, which
// a page can start for a script of another origin only through a blob (worker-src blob:;
// `workers: false` leaves that out).
export function strictCsp(origin, { workers = true } = {}) {
  return `default-src 'none'; script-src 'self' ${origin} 'wasm-unsafe-eval'; connect-src ${origin}; ` +
         (workers ? 'worker-src blob:; ' : '') +
         "style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
}

// An article served on its own port: `body` (HTML with data-vitplay-* figures) and `css`,
// loading the embed script from build/web on a second port with CORS (as a CDN serves it),
// under the strict CSP above. Returns {url, cdn (its requests are in cdn.requests), close()}.
export async function serveArticle(body, { css = 'body { margin: 0; font: 16px sans-serif; }', workers = true } = {}) {
  const cdn = await startServer(WEB_DIR, { headers: { 'Access-Control-Allow-Origin': '*' } });
  const host = await startServer(hostDir({
    'index.html': `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${strictCsp(cdn.url.replace(/\/$/, ''), { workers })}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="host.css">
<script src="${cdn.url}vitplay-embed.js" defer></script>
</head><body>
${body}
</body></html>`,
    'host.css': css,
  }));
  return { url: host.url, cdn, close: async () => { await cdn.close(); await host.close(); } };
}

// Waits until the figure in element `selector` runs; returns its getState().
export async function figureState(page, selector, { timeout = 30000 } = {}) {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!(el && el.__vitplay && el.__vitplay.getState());
  }, selector, { timeout });
  return page.evaluate((sel) => document.querySelector(sel).__vitplay.getState(), selector);
}

// Calls figure.NAME(...args) on the figure in `selector`; {ok, error, state}.
export async function figureCall(page, selector, name, ...args) {
  return page.evaluate(async ([sel, fn, a]) => {
    try {
      const state = await document.querySelector(sel).__vitplay[fn](...a);
      return { ok: true, state };
    } catch (e) {
      return { ok: false, error: String(e && e.message ? e.message : e) };
    }
  }, [selector, name, args]);
}

// Edge steepness: the luminance steps between horizontal neighbours, weighted by their own
// size (sum d^2 / sum |d|). A crisp edge changes in one step; an upscaled, blurred one in
// two steps of half the size, which halves this measure. Flat areas do not count.
export function sharpness(img) {
  const { width, height, channels, data } = img;
  let squares = 0, total = 0;
  const lum = (o) => 0.2126 * data[o] + 0.7152 * data[o + 1] + 0.0722 * data[o + 2];
  for (let y = 0; y < height; ++y)
    for (let x = 0; x + 1 < width; ++x) {
      const o = (y * width + x) * channels;
      const d = Math.abs(lum(o + channels) - lum(o));
      squares += d * d;
      total += d;
    }
  return total ? squares / total : 0;
}

// The image at twice its size, each new pixel the mean of its neighbours (what a browser
// does to a canvas that ignores the device pixel ratio): the control for sharpness().
export function upscale2(img) {
  const { width, height, channels, data } = img;
  const w = width * 2, h = height * 2, out = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; ++y)
    for (let x = 0; x < w; ++x)
      for (let c = 0; c < channels; ++c) {
        const x0 = Math.min(width - 1, x >> 1), x1 = Math.min(width - 1, (x + 1) >> 1);
        const y0 = Math.min(height - 1, y >> 1), y1 = Math.min(height - 1, (y + 1) >> 1);
        const at = (xx, yy) => data[(yy * width + xx) * channels + c];
        out[(y * w + x) * channels + c] = (at(x0, y0) + at(x1, y0) + at(x0, y1) + at(x1, y1)) / 4;
      }
  return { width: w, height: h, channels, data: out };
}

// Where an item the app reports in debugInfo().items (a matrix by its title, the stepper's
// "next" button, the drawing "pad", a "slider", a "menu" entry) is on the page, in CSS
// pixels: {x, y, width, height, cx, cy} or null. `selector`: a figure's element, or the
// full app's '#canvas'. Finds widgets whatever the layout, instead of fixed coordinates.
export async function itemBox(page, selector, kind, name) {
  return page.evaluate(([sel, k, n]) => {
    const el = document.querySelector(sel);
    const canvas = el.tagName === 'CANVAS' ? el : el.querySelector('canvas');
    const info = el.__vitplay ? el.__vitplay.debugInfo() : window.vitplay.debugInfo();
    const item = info && info.items.find((i) => i.kind === k && (n === undefined || i.name === n));
    if (!item) return null;
    const r = canvas.getBoundingClientRect(), sx = r.width / canvas.width, sy = r.height / canvas.height;
    const [x0, y0, x1, y1] = item.rect;
    const box = { x: r.left + x0 * sx, y: r.top + y0 * sy, width: (x1 - x0) * sx, height: (y1 - y0) * sy };
    return { ...box, cx: box.x + box.width / 2, cy: box.y + box.height / 2 };
  }, [selector, kind, name]);
}

// A phone: openPage(browser, PHONE).
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true };

// Touch gestures sent through the Chrome DevTools Protocol (Input.dispatchTouchEvent), as a
// touch screen sends them, one animation frame between events (a finger moves over several
// frames): drag(from, to), pinch(centre, from, to), tap(at), in viewport pixels.
export function touchscreen(page) {
  let cdp = null;
  const send = async (type, points) => {
    cdp = cdp || await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, i) => ({ x: p.x, y: p.y, id: i + 1 })) });
    await nextFrames(page, 1);
  };
  const lerp = (a, b, t) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
  return {
    async drag(from, to, steps = 8) {
      await send('touchStart', [from]);
      for (let i = 1; i <= steps; ++i) await send('touchMove', [lerp(from, to, i / steps)]);
      await send('touchEnd', []);
    },
    // two fingers apart from `centre`, `from` to `to` px from it on each side
    async pinch(centre, from, to, steps = 6) {
      const fingers = (d) => [{ x: centre.x - d, y: centre.y }, { x: centre.x + d, y: centre.y + d / 2 }];
      await send('touchStart', [fingers(from)[0]]);
      await send('touchStart', fingers(from));
      for (let i = 1; i <= steps; ++i) await send('touchMove', fingers(from + (to - from) * i / steps));
      await send('touchEnd', [fingers(to)[1]]);
      await send('touchEnd', []);
    },
    async tap(at) {
      await send('touchStart', [at]);
      await send('touchEnd', []);
    },
  };
}
