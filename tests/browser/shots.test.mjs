// Screenshots of every scene at 800x600 and at device scale factor 2 (1280x800 CSS pixels,
// 2560x1600 device pixels) into build/test-shots/web-800x600/ and web-1280x800@2x/, each
// checked for not being blank. The step shown is scenes.json's shotStep (default 1).
// At scale factor 2 only the first two scenes, unless VITPLAY_ALL_SHOTS=1.
import fs from 'node:fs';
import { run, test, assert, openPage, loadApp, nextFrames, shoot, blankReason, assertNoProblems, api, getState, SCENES }
  from './lib.mjs';

const { shotStep = {} } = JSON.parse(fs.readFileSync(new URL('./scenes.json', import.meta.url), 'utf8'));

await run('browser shots', async ({ browser, url }) => {
  for (const [label, viewport, deviceScaleFactor] of [['web-800x600', { width: 800, height: 600 }, 1],
                                                       ['web-1280x800@2x', { width: 1280, height: 800 }, 2]]) {
    const page = await openPage(browser, { viewport, deviceScaleFactor });
    await test(`${label}: loads`, async () => { await loadApp(page, url); assertNoProblems(page); });
    // At scale factor 2 SwiftShader needs seconds per shot: all scenes only on request.
    const scenes = deviceScaleFactor === 1 || process.env.VITPLAY_ALL_SHOTS ? SCENES : SCENES.slice(0, 2);
    for (const scene of scenes) {
      const step = shotStep[scene] || 1;
      await test(`${label}: ${scene} step ${step}`, async () => {
        const opened = await api(page, 'setScene', scene);
        assert(opened.ok, `setScene refused: ${opened.error}`);
        const stepped = await api(page, 'setStep', step);
        assert(stepped.ok, `setStep(${step}) refused: ${stepped.error}`);
        assert((await getState(page)).step === step, 'step not applied');
        await nextFrames(page, 2);
        const shot = await shoot(page, `${label}/${scene}-step${step}`);
        assert(shot.width === viewport.width * deviceScaleFactor, `screenshot width ${shot.width}`);
        const why = blankReason(shot);
        assert(!why, `screenshot looks blank: ${why}`);
        assertNoProblems(page, scene);
      });
    }
    await page.context().close();
  }
});
