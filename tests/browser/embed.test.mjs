// Figures in someone else's page (web/vitplay-embed.js): a host page on another origin,
// under a CSP without inline scripts or eval, with two figures from <div data-vitplay-*>.
// They start, step independently, take keys and the wheel only while focused, survive each
// other's destroy(), and render sharp at device scale factor 2.
import fs from 'node:fs';
import path from 'node:path';
import { run, test, assert, openPage, nextFrames, decodePng, imageStats, blankReason, assertNoProblems,
         SHOTS_DIR } from './lib.mjs';
import { serveArticle, figureState, figureCall, sharpness, upscale2, itemBox } from './figures.mjs';

await run('browser embed', async ({ browser }) => {
  // build/web as a CDN serves it (CORS), and the host page on a second port
  const article = await serveArticle(`<p id="intro">An article about attention. Some text before the figures.</p>
<div class="spacer"></div>
<div id="a" data-vitplay-scene="self-attention" data-vitplay-step="2" data-vitplay-height="400"></div>
<p id="between">Text between the figures.</p>
<div id="b" data-vitplay-scene="positional-encoding" data-vitplay-step="2" data-vitplay-height="400"></div>
<div class="spacer tall"></div>`,
  { css: 'body { margin: 0; font: 16px sans-serif; } .spacer { height: 120px; } .tall { height: 3000px; }' });
  const { cdn } = article;
  const origin = cdn.url.replace(/\/$/, '');
  try {
    const page = await openPage(browser, { viewport: { width: 1000, height: 1000 } });
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });

    await test('two figures start from their attributes, cross-origin, under a strict CSP', async () => {
      await page.goto(article.url, { waitUntil: 'load' });
      const a = await figureState(page, '#a'), b = await figureState(page, '#b');
      assert(a.scene === 'self-attention' && a.step === 2 && a.notice === '', `a: ${a.scene} ${a.step} "${a.notice}"`);
      assert(b.scene === 'positional-encoding' && b.step === 2 && b.notice === '', `b: ${b.scene} ${b.step} "${b.notice}"`);
      await nextFrames(page, 3);
      for (const id of ['a', 'b']) {
        const file = path.join(SHOTS_DIR, `embed/cross-origin-${id}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const why = blankReason(imageStats(decodePng(await page.locator(`#${id} canvas`).screenshot({ path: file }))));
        assert(!why, `figure ${id} looks blank: ${why}`);
      }
      assertNoProblems(page, 'the host page (CSP violations are console errors)');
      assert(cdn.requests.some((r) => r.path.endsWith('vitplay.wasm')), 'the wasm did not come from the CDN port');
    });

    await test('a key press outside any figure moves no figure', async () => {
      await page.click('#intro');
      for (let i = 0; i < 3; ++i) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowLeft');
      await nextFrames(page, 3);
      const a = await figureState(page, '#a'), b = await figureState(page, '#b');
      assert(a.step === 2 && b.step === 2, `steps moved to ${a.step} and ${b.step}`);
    });

    await test('the focused figure takes the arrow keys, with a focus ring; the other stays', async () => {
      await page.focus('#a canvas');
      const ring = await page.evaluate(() => getComputedStyle(document.querySelector('#a canvas')).outlineStyle);
      assert(ring === 'solid', `focus ring: outline-style ${ring}`);
      const y0 = await page.evaluate(() => scrollY);
      await page.keyboard.press('ArrowRight');
      await nextFrames(page, 3);
      const a = await figureState(page, '#a'), b = await figureState(page, '#b');
      assert(a.step === 3, `focused figure at step ${a.step}, expected 3`);
      assert(b.step === 2, `the other figure moved to step ${b.step}`);
      assert(await page.evaluate(() => scrollY) === y0, 'the arrow key also scrolled the page');
      const r = await figureCall(page, '#b', 'setStep', 4);
      assert(r.ok && r.state.step === 4 && (await figureState(page, '#a')).step === 3, `setStep on b: ${r.error}`);
    });

    await test('the wheel over an unfocused figure scrolls the page; over the focused one it does not', async () => {
      await page.click('#intro');
      await page.evaluate(() => scrollTo(0, 0));
      const box = await page.locator('#b canvas').boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + 60);
      await page.mouse.wheel(0, 240);
      await page.waitForTimeout(300);
      const scrolled = await page.evaluate(() => scrollY);
      assert(scrolled > 100, `page scrolled by ${scrolled} px under an unfocused figure`);
      await page.focus('#b canvas');
      const before = await page.evaluate(() => scrollY);
      const box2 = await page.locator('#b canvas').boundingBox();
      await page.mouse.move(box2.x + box2.width / 2, box2.y + 60);
      await page.mouse.wheel(0, 240);
      await page.waitForTimeout(300);
      const after = await page.evaluate(() => scrollY);
      assert(after === before, `the page scrolled from ${before} to ${after} under the focused figure`);
    });

    await test('setMatrix, refusals and on("step")', async () => {
      const steps = await page.evaluate(async () => {
        const fig = document.querySelector('#a').__vitplay;
        const seen = [];
        fig.on('step', (s) => seen.push(s.step));
        await fig.setStep(5);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return seen;
      });
      assert(steps.includes(5), `on('step') saw ${JSON.stringify(steps)}`);
      const ok = await figureCall(page, '#a', 'setMatrix', 'x', [[1, 2, 3, 4], [0, 1, 0, 1]]);
      assert(ok.ok, `setMatrix refused: ${ok.error}`);
      const s = await figureState(page, '#a');
      const x = s.trace.steps[0].outputs.concat(s.trace.steps[0].inputs).find((m) => m.name === 'x');
      assert(x && x.data.length === 2 && x.data[0][1] === 2, `x after setMatrix: ${JSON.stringify(x && x.data)}`);
      for (const [args, mentions] of [[['x', [[1, 2, 3]]], /x/], [['x', 'abc'], /x/], [['nosuch', [[1]]], /nosuch/],
                                       [['x', [[1e30, 0, 0, 0]]], /range/]]) {
        const before = JSON.stringify(await figureState(page, '#a'));
        const r = await figureCall(page, '#a', 'setMatrix', ...args);
        assert(!r.ok && mentions.test(r.error), `setMatrix(${JSON.stringify(args)}): ${r.ok ? 'accepted' : r.error}`);
        assert(JSON.stringify(await figureState(page, '#a')) === before, 'a refused setMatrix changed the state');
      }
    });

    await test('destroy() of one figure leaves the other working', async () => {
      await page.evaluate(() => document.querySelector('#a').__vitplay.destroy());
      assert(await page.locator('#a canvas').count() === 0, 'the destroyed figure left its canvas');
      const r = await figureCall(page, '#b', 'setStep', 5);
      assert(r.ok && r.state.step === 5, `b after a's destroy: ${r.error}`);
      await page.locator('#b').scrollIntoViewIfNeeded();
      await nextFrames(page, 3);
      const why = blankReason(imageStats(decodePng(await page.locator('#b canvas').screenshot())));
      assert(!why, `figure b looks blank after a's destroy: ${why}`);
      assert(dialogs.length === 0, `dialogs: ${dialogs}`);
      assertNoProblems(page);
    });

    await test('a matrix copies as a NumPy literal (right-click, the browser clipboard)', async () => {
      const p = await openPage(browser, { viewport: { width: 800, height: 500 } });
      await p.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await p.goto(`${cdn.url}embed.html?scene=self-attention&step=3`, { waitUntil: 'load' });
      await figureState(p, '#figure');
      await nextFrames(p, 3);
      // step 3 shows the scores; the app says where their grid is, and then its menu's NumPy entry
      const grid = await itemBox(p, '#figure', 'matrix', 'scores');
      assert(grid, `no scores matrix on screen: ${JSON.stringify(await p.evaluate(() => vitplay.getState && document.querySelector('#figure').__vitplay.debugInfo().items))}`);
      await p.mouse.click(grid.cx, grid.cy, { button: 'right' });
      await nextFrames(p, 4);
      const entry = await itemBox(p, '#figure', 'menu', 'NumPy');
      assert(entry, 'the copy menu did not open');
      await p.mouse.click(entry.cx, entry.cy);
      await nextFrames(p, 4);
      const text = await p.evaluate(() => navigator.clipboard.readText());
      assert(text === 'np.array([[2, 4, 4], [4, 16, 12], [4, 12, 10]], dtype=np.float32)', `clipboard: ${text.slice(0, 120)}`);
      await p.context().close();
    });

    await test('device scale factor 2: backing store at 2x and as sharp as 1x (an upscaled 1x is not)', async () => {
      const shots = {};
      for (const dpr of [1, 2]) {
        const p = await openPage(browser, { viewport: { width: 800, height: 500 }, deviceScaleFactor: dpr });
        await p.goto(`${cdn.url}embed.html?scene=self-attention&step=3`, { waitUntil: 'load' });
        await figureState(p, '#figure');
        await nextFrames(p, 3);
        const canvas = await p.evaluate(() => {
          const c = document.querySelector('#figure canvas');
          return { width: c.width, css: c.getBoundingClientRect().width };
        });
        assert(canvas.width === Math.round(canvas.css * dpr), `at ${dpr}x the canvas is ${canvas.width} for ${canvas.css} css px`);
        const file = path.join(SHOTS_DIR, `embed/embed-self-attention@${dpr}x.png`);
        shots[dpr] = decodePng(await p.screenshot({ path: file }));
        await p.context().close();
      }
      const s1 = sharpness(shots[1]), s2 = sharpness(shots[2]), blurred = sharpness(upscale2(shots[1]));
      assert(shots[2].width === 1600, `2x screenshot is ${shots[2].width} px wide`);
      assert(blurred < 0.8 * s1, `control: an upscaled 1x shot scores ${blurred.toFixed(1)} vs ${s1.toFixed(1)}`);
      assert(s2 > 0.8 * s1, `2x sharpness ${s2.toFixed(1)} vs 1x ${s1.toFixed(1)} (upscaled 1x: ${blurred.toFixed(1)})`);
    });
  } finally {
    await article.close();
  }
}, { timeoutMs: 110000 });
