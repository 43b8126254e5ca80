// Without WebGL2, without WebAssembly, or when the module cannot load, the page shows a
// readable message (never a blank page), vitplay.ready rejects, and nothing throws
// uncaught.
import { run, test, assert, openPage, nextFrames, shoot } from './lib.mjs';

// Replaces canvas.getContext('webgl2') with null: for every call, or only after the
// page's own probe (so the module itself fails to create its context).
const noWebgl2 = (allowFirst) => `(() => {
  const original = HTMLCanvasElement.prototype.getContext;
  let calls = 0;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    if (type === 'webgl2' && calls++ >= ${allowFirst ? 1 : 0}) return null;
    return original.call(this, type, ...rest);
  };
})();`;

async function expectMessage(page, url, pattern, shotName) {
  await page.goto(url, { waitUntil: 'load' });
  const rejected = await page.evaluate(() => window.vitplay.ready.then(() => null, (e) => String(e && e.message)));
  assert(rejected, 'vitplay.ready resolved');
  const status = await page.waitForSelector('#status.error', { state: 'visible', timeout: 15000 });
  const text = (await status.innerText()).trim();
  assert(pattern.test(text), `message "${text}" does not match ${pattern}`);
  const role = await status.getAttribute('role');
  assert(role === 'alert', `status role ${role}`);
  const setStep = await page.evaluate(() => window.vitplay.setStep(1).then(() => 'resolved', (e) => e.message));
  assert(setStep !== 'resolved' && setStep.length > 0, 'setStep resolved on a page that cannot run');
  assert((await page.evaluate(() => window.vitplay.getState())) === null, 'getState() is not null');
  const pageErrors = page.problems.filter((p) => p.startsWith('page error'));
  assert(pageErrors.length === 0, pageErrors.join('\n'));
  await nextFrames(page, 1);
  const shot = await shoot(page, `web-fallback/${shotName}`);
  assert(shot.stddev > 2, 'the message page looks blank');
  console.log(`       "${text.split('\n')[0]}"`);
}

await run('browser fallback', async ({ browser, url }) => {
  await test('no WebGL2: the page says so', async () => {
    const page = await openPage(browser, { initScript: noWebgl2(false) });
    await expectMessage(page, url, /WebGL 2/, 'no-webgl2');
    await page.context().close();
  });

  await test('WebGL2 context creation fails inside the module: the page says so', async () => {
    const page = await openPage(browser, { initScript: noWebgl2(true) });
    await expectMessage(page, url, /could not start[\s\S]*WebGL/, 'module-no-context');
    await page.context().close();
  });

  await test('no WebAssembly: the page says so', async () => {
    const page = await openPage(browser, { initScript: 'delete window.WebAssembly;' });
    await expectMessage(page, url, /WebAssembly/, 'no-wasm');
    await page.context().close();
  });

  await test('vitplay.wasm missing (404): the page says the module failed to load', async () => {
    const page = await openPage(browser);
    await page.route('**/vitplay.wasm', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await expectMessage(page, url, /could not start|stopped/, 'wasm-404');
    await page.context().close();
  });

  await test('vitplay.js missing (404): the page says the module failed to load', async () => {
    const page = await openPage(browser);
    await page.route('**/vitplay.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await expectMessage(page, url, /could not start[\s\S]*vitplay\.js/, 'js-404');
    await page.context().close();
  });
});
