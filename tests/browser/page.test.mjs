// The page: loads, hides its loading indicator, draws (screenshot not blank), no console
// errors, fills and follows the window, sharp at device scale factor 2 (backing store,
// UI scale, mouse coordinates in device pixels), keys reach ImGui.
import { run, test, assert, openPage, loadApp, nextFrames, shoot, blankReason, assertNoProblems, api, getState }
  from './lib.mjs';

await run('browser page', async ({ browser, url }) => {
  const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  let loadMs = 0;

  await test('loads, ready resolves, loading indicator disappears', async () => {
    loadMs = await loadApp(page, url);
    const hidden = await page.$eval('#status', (el) => el.hidden && getComputedStyle(el).display === 'none');
    assert(hidden, 'the loading indicator is still visible');
    console.log(`       ready after ${loadMs} ms`);
  });

  await test('no console errors, page errors or failed requests', async () => assertNoProblems(page));

  await test('the canvas draws the UI (screenshot is not blank)', async () => {
    const shot = await shoot(page, 'web-1280x800/page');
    const why = blankReason(shot);
    assert(!why, `screenshot looks blank: ${why}`);
  });

  await test('the canvas fills the window; backing store = CSS size x devicePixelRatio', async () => {
    const info = await page.evaluate(() => window.vitplay.debugInfo());
    assert(info.canvas.cssWidth === 1280 && info.canvas.cssHeight === 800, `canvas CSS size ${info.canvas.cssWidth}x${info.canvas.cssHeight}`);
    assert(info.canvas.width === 1280 && info.canvas.height === 800, `canvas backing ${info.canvas.width}x${info.canvas.height}`);
    assert(info.display[0] === 1280 && info.display[1] === 800, `ImGui display ${info.display}`);
    assert(Math.abs(info.uiScale - 1) < 1e-3, `ui scale ${info.uiScale}`);
    const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    assert(scroll[0] <= 1280 && scroll[1] <= 800, `the page scrolls: ${scroll}`);
  });

  await test('resizes with the window (800x600) and stays drawn', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await nextFrames(page, 3);
    const info = await page.evaluate(() => window.vitplay.debugInfo());
    assert(info.canvas.width === 800 && info.canvas.height === 600, `canvas backing ${info.canvas.width}x${info.canvas.height}`);
    assert(info.display[0] === 800 && info.display[1] === 600, `ImGui display ${info.display}`);
    assert(info.framebuffer[0] === 800 && info.framebuffer[1] === 600, `framebuffer ${info.framebuffer}`);
    const why = blankReason(await shoot(page, 'web-800x600/page'));
    assert(!why, `screenshot after resize looks blank: ${why}`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await nextFrames(page, 2);
  });

  await test('a size equal to the screen does not go fullscreen or move the canvas', async () => {
    // Emscripten's glfwSetWindowSize asks for fullscreen when the size equals the screen's.
    const screen = await page.evaluate(() => [screen.width, screen.height]);
    await page.setViewportSize({ width: screen[0], height: screen[1] });
    await nextFrames(page, 3);
    const where = await page.evaluate(() => [document.getElementById('canvas').parentElement.tagName,
      !!document.fullscreenElement, document.getElementById('canvas').width]);
    assert(where[0] === 'BODY' && !where[1], `canvas parent ${where[0]}, fullscreen ${where[1]}`);
    assert(where[2] === screen[0], `canvas width ${where[2]} != ${screen[0]}`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await nextFrames(page, 2);
  });

  await test('mouse positions reach ImGui in canvas pixels', async () => {
    await page.mouse.move(321, 123);
    await nextFrames(page, 2);
    const info = await page.evaluate(() => window.vitplay.debugInfo());
    assert(info.mouse && info.mouse[0] === 321 && info.mouse[1] === 123, `ImGui mouse ${JSON.stringify(info.mouse)}`);
  });

  await test('keys reach ImGui (ArrowRight advances the step)', async () => {
    await api(page, 'setScene', 'self-attention');
    await api(page, 'setStep', 1);
    await page.click('#canvas', { position: { x: 110, y: 760 } });  // empty part of the sidebar
    await page.keyboard.press('ArrowRight');
    await nextFrames(page, 3);
    const s = await getState(page);
    assert(s.step === 2, `step after ArrowRight: ${s.step} (expected 2)`);
  });

  await test('no console errors after interaction', async () => assertNoProblems(page));

  await page.context().close();

  // High-DPI: a device scale factor of 2 must give a 2x backing store and UI, and mouse
  // positions in device pixels.
  const hidpi = await openPage(browser, { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  await test('device scale factor 2: backing store, UI scale, font and mouse are doubled', async () => {
    await loadApp(hidpi, url);
    await hidpi.mouse.move(300, 200);
    await nextFrames(hidpi, 3);
    const info = await hidpi.evaluate(() => window.vitplay.debugInfo());
    assert(info.devicePixelRatio === 2, `devicePixelRatio ${info.devicePixelRatio}`);
    assert(info.canvas.cssWidth === 1280 && info.canvas.cssHeight === 800, `canvas CSS ${info.canvas.cssWidth}x${info.canvas.cssHeight}`);
    assert(info.canvas.width === 2560 && info.canvas.height === 1600, `canvas backing ${info.canvas.width}x${info.canvas.height}`);
    assert(info.display[0] === 2560 && info.display[1] === 1600, `ImGui display ${info.display}`);
    assert(Math.abs(info.uiScale - 2) < 1e-3, `ui scale ${info.uiScale}`);
    assert(info.fontSize >= 31, `font size ${info.fontSize} px (expected 2 x 16)`);
    assert(info.mouse && info.mouse[0] === 600 && info.mouse[1] === 400, `ImGui mouse ${JSON.stringify(info.mouse)} (expected [600,400])`);
    const shot = await shoot(hidpi, 'web-1280x800@2x/page');
    assert(shot.width === 2560 && shot.height === 1600, `screenshot ${shot.width}x${shot.height}`);
    const why = blankReason(shot);
    assert(!why, `screenshot looks blank: ${why}`);
    assertNoProblems(hidpi);
  });
  await hidpi.context().close();
});
