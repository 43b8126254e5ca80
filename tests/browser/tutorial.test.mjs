// The example tutorial page (web/examples/tutorial.html): every figure starts when scrolled
// to and draws its scene at its step; the language switch changes the text and the figures;
// it links back to the app.
import fs from 'node:fs';
import path from 'node:path';
import { run, test, assert, openPage, nextFrames, decodePng, imageStats, blankReason, assertNoProblems, SHOTS_DIR }
  from './lib.mjs';
import { figureState } from './figures.mjs';

await run('browser tutorial', async ({ browser, url }) => {
  const page = await openPage(browser, { viewport: { width: 1000, height: 800 } });
  let figures = [];

  await test('the page loads with at least four figures, none started before it is scrolled to', async () => {
    await page.goto(`${url}examples/tutorial.html?lang=en`, { waitUntil: 'load' });
    figures = await page.evaluate(() => Array.from(document.querySelectorAll('[data-vitplay-scene]'), (el, i) => {
      if (!el.id) el.id = `fig${i}`;
      return { id: el.id, scene: el.dataset.vitplayScene, step: Number(el.dataset.vitplayStep || 1) };
    }));
    assert(figures.length >= 4, `${figures.length} figures`);
    const running = await page.evaluate(() => Array.from(document.querySelectorAll('[data-vitplay-scene] canvas'))
      .filter((c) => c.width > 300).length);
    assert(running < figures.length, 'every figure started before being scrolled to');
  });

  await test('every figure renders its scene at its step', async () => {
    for (const f of figures) {
      await page.locator(`#${f.id}`).scrollIntoViewIfNeeded();
      const s = await figureState(page, `#${f.id}`);
      assert(s.scene === f.scene && s.step === f.step && s.notice === '', `${f.id}: ${s.scene} ${s.step} "${s.notice}"`);
      await nextFrames(page, 3);
      const file = path.join(SHOTS_DIR, `tutorial/${f.id}-${f.scene}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const why = blankReason(imageStats(decodePng(await page.locator(`#${f.id} canvas`).screenshot({ path: file }))));
      assert(!why, `${f.id} (${f.scene}) looks blank: ${why}`);
    }
    assertNoProblems(page);
  });

  await test('the language switch shows the Chinese text and switches the figures', async () => {
    await page.click('#lang-toggle');
    const visible = await page.evaluate(() => getComputedStyle(document.querySelector('h1[lang="zh"]')).display !== 'none' &&
                                                getComputedStyle(document.querySelector('h1[lang="en"]')).display === 'none');
    assert(visible, 'the Chinese heading is not the one shown');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-vitplay-scene]'))
      .every((el) => el.__vitplay && el.__vitplay.getState() && el.__vitplay.getState().lang === 'zh'), null, { timeout: 10000 });
  });

  await test('the page links to the app', async () => {
    const href = await page.getAttribute('nav a', 'href');
    assert(href === '../index.html', `nav link ${href}`);
  });
}, { timeoutMs: 110000 });
