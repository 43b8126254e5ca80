// throwaway check (not committed): editing a cell in the page
import { run, test, assert, openPage, loadApp, api, getState, nextFrames } from './lib.mjs';
await run('edit-check', async ({ browser, url }) => {
  const page = await openPage(browser);
  await loadApp(page, url);
  await test('edit', async () => {
    await api(page, 'setScene', 'self-attention');
    await api(page, 'setStep', 1);
    await nextFrames(page, 3);
    await page.mouse.click(277, 311);
    await nextFrames(page, 3);
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    await nextFrames(page, 3);
    await page.screenshot({ path: '/tmp/web-edit-bad.png' });
    let s = await getState(page);
    assert(s.trace.steps[0].outputs[0].data[0][0] === 1, 'kept 1');
    await page.mouse.click(277, 311);
    await nextFrames(page, 3);
    await page.keyboard.type('5');
    await page.keyboard.press('Enter');
    await nextFrames(page, 3);
    s = await getState(page);
    console.log('x00 after typing 5:', s.trace.steps[0].outputs[0].data[0][0]);
    await page.screenshot({ path: '/tmp/web-edit-good.png' });
    await page.mouse.click(425, 157);  // round checkbox
    await api(page, 'setStep', 4);
    await nextFrames(page, 3);
    await page.mouse.move(600, 700);
    await nextFrames(page, 3);
    await page.screenshot({ path: '/tmp/web-sa4-round.png' });
    await page.keyboard.press('ArrowRight');
    await nextFrames(page, 3);
    s = await getState(page);
    console.log('step after ArrowRight:', s.step, 'problems:', page.problems);
    for (const name of ['multi-head', 'encoder', 'decoder']) {
      await api(page, 'setScene', name);
      await api(page, 'setStep', 3);
      await nextFrames(page, 3);
      await page.screenshot({ path: `/tmp/web-${name}.png` });
      s = await getState(page);
      console.log(name, 'steps in trace:', s.trace.steps.length, 'error:', s.error);
    }
  });
});
