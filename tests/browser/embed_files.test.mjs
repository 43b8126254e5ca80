// A reader gives an embedded ViT figure their own image: through the figure's own "Open"
// button (the browser's file chooser), by dropping a file on it, by pasting one while it has
// the focus, and through fig.openFile; on a phone, by a tap on its Open button. Two vit
// figures on one page, served cross-origin: only the figure that got the file changes. A
// figure of another scene leaves drops to the page.
import path from 'node:path';
import fs from 'node:fs';
import { run, test, assert, openPage, nextFrames, assertNoProblems, ROOT } from './lib.mjs';
import { PHONE, serveArticle, figureState, itemBox, touchscreen } from './figures.mjs';

const VIT = path.join(ROOT, 'tests/fixtures/vit');

// Waits until figure `sel` shows the image `name`, classified; returns its state.
async function showing(page, sel, name) {
  await page.waitForFunction(([s, n]) => {
    const st = document.querySelector(s).__vitplay.getState();
    return st && st.image.name === n && !st.computing && st.top.length > 0;
  }, [sel, name], { timeout: 20000 });
  return figureState(page, sel);
}

// Dispatches a drop (on the figure's canvas) or a paste (on whatever has the focus, as the
// browser does) carrying `file` as a File.
async function deliver(page, how, sel, file) {
  const bytes = [...fs.readFileSync(file)];
  return page.evaluate(([kind, s, b, name]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], name, { type: 'image/png' }));
    if (kind === 'paste')
      return document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    const target = document.querySelector(s + ' canvas');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    return target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [how, sel, bytes, path.basename(file)]);
}

await run('browser embed files', async ({ browser }) => {
  const article = await serveArticle(`<div id="a" data-vitplay-scene="vit" data-vitplay-step="1" data-vitplay-height="520"></div>
<div id="b" data-vitplay-scene="vit" data-vitplay-step="1" data-vitplay-height="520"></div>
<div id="c" data-vitplay-scene="self-attention" data-vitplay-height="300"></div>`);
  try {
    const page = await openPage(browser, { viewport: { width: 900, height: 1400 } });
    await page.goto(article.url, { waitUntil: 'load' });
    const first = await showing(page, '#a', '');
    await showing(page, '#b', '');
    assert(first.input === 'pad' && first.top[0].label === '3', `figure a starts with ${first.input} ${JSON.stringify(first.top[0])}`);

    await test("the figure's own Open button opens the file chooser; only that figure takes the image", async () => {
      const open = await itemBox(page, '#a', 'button', 'open');
      assert(open, 'no Open button in figure a');
      const chooser = page.waitForEvent('filechooser', { timeout: 15000 });
      await page.mouse.move(open.cx, open.cy);
      await nextFrames(page, 2);
      await page.mouse.down();
      await nextFrames(page, 2);
      await page.mouse.up();
      await (await chooser).setFiles(path.join(VIT, 'two-light-on-dark.png'));
      const a = await showing(page, '#a', 'two-light-on-dark.png');
      assert(a.top[0].label === '2', `figure a: top-1 ${JSON.stringify(a.top[0])}`);
      const b = await figureState(page, '#b');
      assert(b.input === 'pad' && b.image.name === '', `figure b changed: ${b.input} ${b.image.name}`);
    });

    await test('a file dropped on a figure goes to that figure alone', async () => {
      const taken = await deliver(page, 'drop', '#b', path.join(VIT, 'seven-on-paper.png'));
      assert(taken === false, 'the drop was not taken (its default not prevented)');
      const b = await showing(page, '#b', 'seven-on-paper.png');
      assert(b.top[0].label === '7', `figure b: top-1 ${JSON.stringify(b.top[0])}`);
      const a = await figureState(page, '#a');
      assert(a.image.name === 'two-light-on-dark.png', `figure a changed to ${a.image.name}`);
    });

    await test('a pasted file goes to the focused figure; with the focus elsewhere no figure takes it', async () => {
      await page.focus('#b canvas');
      await deliver(page, 'paste', '#b', path.join(VIT, 'two-light-on-dark.png'));
      const b = await showing(page, '#b', 'two-light-on-dark.png');
      assert(b.top[0].label === '2', `figure b: top-1 ${JSON.stringify(b.top[0])}`);
      await page.evaluate(() => document.activeElement.blur());
      const before = [await figureState(page, '#a'), await figureState(page, '#b')].map((s) => s.image.name);
      const taken = await deliver(page, 'paste', '#a', path.join(VIT, 'seven-on-paper.png'));
      await nextFrames(page, 5);
      const after = [await figureState(page, '#a'), await figureState(page, '#b')].map((s) => s.image.name);
      assert(taken === true && JSON.stringify(after) === JSON.stringify(before), `unfocused paste: ${before} -> ${after}`);
    });

    await test('fig.openFile(blob) and a refused file (state unchanged, the reason given)', async () => {
      const r = await page.evaluate(async () => {
        const fig = document.querySelector('#a').__vitplay;
        const before = JSON.stringify(fig.getState());
        const refused = await fig.openFile(new Blob([new Uint8Array([1, 2, 3])]), 'noise.png').then(() => 'accepted', (e) => e.message);
        return { refused, same: JSON.stringify(fig.getState()) === before };
      });
      assert(r.refused !== 'accepted' && r.same, `openFile(noise): ${r.refused}, state unchanged: ${r.same}`);
    });

    await test('on a phone, a tap on an unfocused figure\'s Open button opens the chooser', async () => {
      const phone = await openPage(browser, PHONE);
      await phone.goto(article.url, { waitUntil: 'load' });
      await showing(phone, '#a', '');
      const open = await itemBox(phone, '#a', 'button', 'open');
      assert(open, 'no Open button in figure a on a phone');
      const chooser = phone.waitForEvent('filechooser', { timeout: 15000 });
      await touchscreen(phone).tap({ x: Math.min(open.cx, open.x + 40), y: open.cy });
      await (await chooser).setFiles(path.join(VIT, 'seven-on-paper.png'));
      const a = await showing(phone, '#a', 'seven-on-paper.png');
      assert(a.top[0].label === '7', `top-1 ${JSON.stringify(a.top[0])}`);
      assert((await figureState(phone, '#b')).image.name === '', 'figure b changed');
      await phone.context().close();
    });

    await test('a figure of another scene leaves a dropped file to the page', async () => {
      await page.locator('#c').scrollIntoViewIfNeeded();
      const c0 = await figureState(page, '#c');
      const taken = await deliver(page, 'drop', '#c', path.join(VIT, 'seven-on-paper.png'));
      await nextFrames(page, 3);
      const c = await figureState(page, '#c');
      assert(taken === true && c.scene === 'self-attention' && c.step === c0.step, `figure c: ${c.scene}, drop taken ${!taken}`);
      assertNoProblems(page);
    });
  } finally {
    await article.close();
  }
}, { timeoutMs: 120000 });
