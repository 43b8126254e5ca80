// Touch, on a phone-sized page (390x844, device scale factor 2, touch, mobile): in the full
// app the scene has the whole width (the sidebar is a Menu), a tap presses a button, a drag
// moves a slider and draws on the ViT's drawing pad, and a pinch breaks nothing; in a host
// page with two embedded figures a vertical swipe over an unfocused figure scrolls the
// article, a tap focuses a figure and presses its button, and a focused figure takes drags
// and pinches without disturbing the other. Widgets are found through debugInfo().items
// (figures.mjs itemBox), not fixed coordinates. Touches are sent through the Chrome DevTools
// Protocol (Input.dispatchTouchEvent), as a touch screen does.
import fs from 'node:fs';
import path from 'node:path';
import { run, test, assert, openPage, loadApp, nextFrames, getState, shoot, decodePng, imageStats, blankReason,
         assertNoProblems, SHOTS_DIR } from './lib.mjs';
import { PHONE, serveArticle, figureState, figureCall, itemBox, touchscreen } from './figures.mjs';

async function notBlank(locator, file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const why = blankReason(imageStats(decodePng(await locator.screenshot({ path: file }))));
  assert(!why, `${file} looks blank: ${why}`);
}

await run('browser touch', async ({ browser, url }) => {
  const page = await openPage(browser, PHONE);
  await loadApp(page, `${url}?scene=self-attention&step=1`);
  const touch = touchscreen(page);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });

  await test('full app: a tap on "Next" steps the scene', async () => {
    const next = await itemBox(page, '#canvas', 'button', 'next');
    assert(next, 'no Next button on screen');
    await touch.tap({ x: next.cx, y: next.cy });
    await nextFrames(page, 3);
    const s = await getState(page);
    assert(s.step === 2, `step ${s.step} after the tap, expected 2`);
    await shoot(page, 'touch/app-phone-self-attention');
  });

  await test('full app: no sidebar on a phone; Menu opens the scenes and a tap on one switches to it', async () => {
    const next = await itemBox(page, '#canvas', 'button', 'next');
    // "< Prev" and then "Next" from the left edge (beside the sidebar, Next was at ~215 px)
    assert(next.x < 100, `Next is ${Math.round(next.x)} px from the left edge: the scene is beside a sidebar`);
    const menu = await itemBox(page, '#canvas', 'button', 'menu');
    assert(menu, 'no Menu button on a phone');
    assert(!(await itemBox(page, '#canvas', 'scene', 'positional-encoding')), 'the scene list shows before Menu is tapped');
    await touch.tap({ x: menu.cx, y: menu.cy });
    await nextFrames(page, 3);
    const item = await itemBox(page, '#canvas', 'scene', 'positional-encoding');
    assert(item, 'Menu did not show the scenes');
    await shoot(page, 'touch/app-phone-menu');
    // Share from the menu: its popup (link and iframe, each with a Copy button) fits the screen
    const share = await itemBox(page, '#canvas', 'button', 'share');
    assert(share, 'no Share button in the menu');
    await touch.tap({ x: share.cx, y: share.cy });
    await nextFrames(page, 3);
    for (const name of ['copy-link', 'copy-iframe']) {
      const copy = await itemBox(page, '#canvas', 'button', name);
      assert(copy, `the Share popup shows no ${name} button`);
      assert(copy.x >= 0 && copy.x + copy.width <= 390, `${name} is off the screen: x ${Math.round(copy.x)}..${Math.round(copy.x + copy.width)}`);
    }
    await shoot(page, 'touch/app-phone-share');
    await touch.tap({ x: menu.cx, y: menu.cy });  // outside the popups: they close
    await nextFrames(page, 3);
    assert(!(await itemBox(page, '#canvas', 'button', 'copy-link')), 'the Share popup stayed open');
    await touch.tap({ x: menu.cx, y: menu.cy });
    await nextFrames(page, 3);
    await touch.tap({ x: item.cx, y: item.cy });
    await nextFrames(page, 3);
    const s = await getState(page);
    assert(s.scene === 'positional-encoding', `scene ${s.scene} after the tap`);
    assert(!(await itemBox(page, '#canvas', 'scene', 'self-attention')), 'the menu stayed open after a scene was picked');
    await page.evaluate(() => window.vitplay.setScene('self-attention').then(() => window.vitplay.setStep(2)));
    await nextFrames(page, 2);
  });

  await test('full app: after a tap the pointer is gone (no hover or tooltip stays behind)', async () => {
    const next = await itemBox(page, '#canvas', 'button', 'next');
    await touch.tap({ x: next.cx, y: next.cy });
    await nextFrames(page, 4);
    const info = await page.evaluate(() => window.vitplay.debugInfo());
    const s = await getState(page);
    assert(s.step === 3, `step ${s.step} after the second tap, expected 3`);
    assert(info.mouse === null, `ImGui still sees the pointer at ${JSON.stringify(info.mouse)} after the finger lifted`);
  });

  await test('full app: a drag along the decoder\'s number slider changes the number', async () => {
    await page.evaluate(() => window.vitplay.setScene('decoder').then(() => window.vitplay.setStep(1)));
    await nextFrames(page, 3);
    const before = await getState(page);
    const slider = await itemBox(page, '#canvas', 'slider', 'number');
    assert(slider, 'no number slider on screen');
    const y = slider.cy;
    await touch.drag({ x: slider.x + slider.width * 0.1, y }, { x: slider.x + slider.width * 0.8, y });
    await nextFrames(page, 3);
    const after = await getState(page);
    assert(after.number !== before.number && after.number > 5000, `number ${before.number} -> ${after.number}`);
    assert(after.inputs.english !== before.inputs.english, 'the English words did not follow the slider');
    await shoot(page, 'touch/app-phone-decoder');
  });

  await test('full app: a drag on the ViT drawing pad draws (the prediction changes)', async () => {
    await page.evaluate(() => window.vitplay.setScene('vit').then(() => window.vitplay.setStep(1)));
    const settled = () => page.waitForFunction(() => {
      const s = window.vitplay.getState();
      return s && s.scene === 'vit' && !s.computing && s.top.length > 0;
    }, null, { timeout: 20000 }).then(() => getState(page));
    const before = await settled();
    const pad = await itemBox(page, '#canvas', 'pad');
    assert(pad, 'no drawing pad on screen');
    // a thick bar across the middle and one down the left: not the 3 that is there
    await touch.drag({ x: pad.x + pad.width * 0.15, y: pad.cy }, { x: pad.x + pad.width * 0.85, y: pad.cy });
    await touch.drag({ x: pad.x + pad.width * 0.2, y: pad.y + pad.height * 0.1 }, { x: pad.x + pad.width * 0.2, y: pad.y + pad.height * 0.9 });
    await nextFrames(page, 3);
    const after = await settled();
    assert(JSON.stringify(after.top) !== JSON.stringify(before.top),
      `the prediction did not change: ${JSON.stringify(before.top[0])} -> ${JSON.stringify(after.top[0])}`);
    await shoot(page, 'touch/app-phone-vit-pad');
  });

  await test('full app: a pinch breaks nothing (state answers, it renders, a tap still works)', async () => {
    await page.evaluate(() => window.vitplay.setScene('self-attention').then(() => window.vitplay.setStep(1)));
    await nextFrames(page, 2);
    await touch.pinch({ x: 195, y: 500 }, 30, 140);
    await nextFrames(page, 3);
    const s = await getState(page);
    assert(s && s.scene === 'self-attention', `state after the pinch: ${JSON.stringify(s && s.scene)}`);
    await notBlank(page.locator('#canvas'), path.join(SHOTS_DIR, 'touch/app-phone-after-pinch.png'));
    const next = await itemBox(page, '#canvas', 'button', 'next');
    await touch.tap({ x: next.cx, y: next.cy });
    await nextFrames(page, 3);
    assert((await getState(page)).step === s.step + 1, 'a tap after the pinch did not step');
    assert(dialogs.length === 0, `dialogs: ${dialogs}`);
    assertNoProblems(page);
  });
  await page.context().close();

  // ---- embedded figures in an article on another origin ----
  const article = await serveArticle(`<p id="intro">An article about attention, read on a phone.</p>
<div id="a" data-vitplay-scene="decoder" data-vitplay-step="1" data-vitplay-height="560"></div>
<p>Text between the figures.</p>
<div id="b" data-vitplay-scene="self-attention" data-vitplay-step="1" data-vitplay-height="420"></div>
<div class="tall"></div>`, { css: 'body { margin: 0; font: 16px sans-serif; } .tall { height: 3000px; }' });
  try {
    const p = await openPage(browser, PHONE);
    const finger = touchscreen(p);
    await p.goto(article.url, { waitUntil: 'load' });
    await figureState(p, '#a');

    await test('figure: a vertical swipe over an unfocused figure scrolls the article', async () => {
      const box = await p.locator('#a canvas').boundingBox();
      const x = box.x + box.width / 2;
      await finger.drag({ x, y: Math.min(box.y + box.height - 20, 700) }, { x, y: 150 }, 10);
      await p.waitForTimeout(300);
      const scrolled = await p.evaluate(() => scrollY);
      assert(scrolled > 100, `the page scrolled by ${scrolled} px`);
      const a = await figureState(p, '#a');
      assert(a.step === 1 && a.number === 3405, `the swipe changed the figure: step ${a.step}, number ${a.number}`);
      await p.evaluate(() => scrollTo(0, 0));
    });

    await test('figure: a tap focuses it and presses its Next button; the other figure stays', async () => {
      await figureState(p, '#b');
      const next = await itemBox(p, '#a', 'button', 'next');
      assert(next, 'no Next button in figure a');
      await finger.tap({ x: next.cx, y: next.cy });
      await nextFrames(p, 3);
      const a = await figureState(p, '#a'), b = await figureState(p, '#b');
      assert(a.step === 2, `figure a at step ${a.step} after the tap`);
      assert(b.step === 1, `figure b moved to step ${b.step}`);
      assert(await p.evaluate(() => document.activeElement === document.querySelector('#a canvas')), 'the tap did not focus figure a');
    });

    await test('figure: focused, a drag moves its slider and the page does not scroll', async () => {
      await figureCall(p, '#a', 'setStep', 1);
      await nextFrames(p, 2);
      const y0 = await p.evaluate(() => scrollY);
      const slider = await itemBox(p, '#a', 'slider', 'number');
      assert(slider, 'no number slider in figure a');
      const before = (await figureState(p, '#a')).number;
      await finger.drag({ x: slider.x + slider.width * 0.1, y: slider.cy }, { x: slider.x + slider.width * 0.5, y: slider.cy + 80 });
      await nextFrames(p, 3);
      const after = (await figureState(p, '#a')).number;
      assert(after !== before, `number stayed ${before}`);
      assert(await p.evaluate(() => scrollY) === y0, 'the drag on the focused figure scrolled the page');
      await notBlank(p.locator('#a canvas'), path.join(SHOTS_DIR, 'touch/figure-phone-decoder.png'));
    });

    await test('figure: a pinch on it breaks nothing; the other figure still works', async () => {
      const box = await p.locator('#a canvas').boundingBox();
      await finger.pinch({ x: box.x + box.width / 2, y: box.y + box.height / 2 }, 20, 120);
      await nextFrames(p, 3);
      const a = await figureState(p, '#a');
      assert(a && a.scene === 'decoder', 'figure a does not answer after the pinch');
      const r = await figureCall(p, '#a', 'setStep', 3);
      assert(r.ok && r.state.step === 3, `figure a after the pinch: ${r.error}`);
      const rb = await figureCall(p, '#b', 'setStep', 4);
      assert(rb.ok && rb.state.step === 4, `figure b after the pinch: ${rb.error}`);
      await nextFrames(p, 3);
      await notBlank(p.locator('#a canvas'), path.join(SHOTS_DIR, 'touch/figure-phone-after-pinch.png'));
      await p.locator('#b').scrollIntoViewIfNeeded();
      await nextFrames(p, 3);
      await notBlank(p.locator('#b canvas'), path.join(SHOTS_DIR, 'touch/figure-phone-other.png'));
      assertNoProblems(p);
    });
    await p.context().close();
  } finally {
    await article.close();
  }
}, { timeoutMs: 150000 });
