// Every scene through the page API: open it, step through all its steps with setStep,
// check getState(), step with the arrow keys, screenshot its first and last steps into
// build/test-shots/web-1280x800/ (tests/browser/shots.test.mjs takes the other sizes). The self-attention scene's step 4 must hold the
// article's softmax. Scenes listed as pending in scenes.json may still be missing.
import { run, test, assert, openPage, loadApp, nextFrames, shoot, blankReason, assertNoProblems, api, getState,
         SCENES, PENDING_SCENES } from './lib.mjs';

// The article's softmax(Q K^T) for its example (the article's section 2), 4 significant digits.
const ARTICLE_SOFTMAX = [
  [6.3379e-02, 4.6831e-01, 4.6831e-01],
  [6.0337e-06, 9.8201e-01, 1.7986e-02],
  [2.9539e-04, 8.8054e-01, 1.1917e-01],
];

const sameTo4Digits = (a, b) => typeof a === 'number' && Math.abs(a - b) <= 0.5e-4 * Math.abs(b);

function isArticleSoftmax(m) {
  return Array.isArray(m) && m.length === 3 &&
    m.every((row, i) => Array.isArray(row) && row.length === 3 && row.every((v, j) => sameTo4Digits(v, ARTICLE_SOFTMAX[i][j])));
}

// Paths (a.b[2].c) of every value in `node` that is the article's softmax matrix.
function findSoftmax(node, where = '', found = []) {
  if (isArticleSoftmax(node)) found.push(where);
  else if (Array.isArray(node)) node.forEach((v, i) => findSoftmax(v, `${where}[${i}]`, found));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) findSoftmax(v, where ? `${where}.${k}` : k, found);
  return found;
}

await run('browser scenes', async ({ browser, url }) => {
  const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await test('the page loads', async () => { await loadApp(page, url); assertNoProblems(page); });

  const present = [];
  for (const scene of SCENES) {
    const opened = await api(page, 'setScene', scene);
    if (!opened.ok && PENDING_SCENES.has(scene)) {
      console.log(`  --   ${scene}: not in the app yet (pending in scenes.json): ${opened.error}`);
      continue;
    }
    if (opened.ok && PENDING_SCENES.has(scene))
      console.log(`  note ${scene} exists now: remove it from "pending" in tests/browser/scenes.json`);
    present.push(scene);

    await test(`${scene}: opens through the API`, async () => {
      assert(opened.ok, `setScene('${scene}') refused: ${opened.error}`);
      const s = await getState(page);
      assert(s && s.scene === scene, `getState().scene = ${s && s.scene}`);
      assert(Number.isInteger(s.steps) && s.steps >= 1, `getState().steps = ${s.steps}`);
      assert(['en', 'zh'].includes(s.lang), `getState().lang = ${s.lang}`);
    });

    const steps = (await getState(page))?.steps || 0;
    await test(`${scene}: setStep 1..${steps}, getState().step follows, first and last steps drawn`, async () => {
      for (let n = 1; n <= steps; ++n) {
        const r = await api(page, 'setStep', n);
        assert(r.ok, `setStep(${n}) refused: ${r.error}`);
        const s = await getState(page);
        assert(s.step === n && s.scene === scene, `after setStep(${n}): scene ${s.scene}, step ${s.step}`);
        if (n === 1 || n === steps) {  // screenshots cost ~0.5 s each with SwiftShader
          await nextFrames(page, 2);
          const shot = await shoot(page, `web-1280x800/${scene}-step${n}`);
          const why = blankReason(shot);
          assert(!why, `step ${n} screenshot looks blank: ${why}`);
        }
      }
      assertNoProblems(page, `${scene}`);
    });

    if (steps >= 2) {
      await test(`${scene}: ArrowRight / ArrowLeft step the scene`, async () => {
        await api(page, 'setStep', 1);
        // focus the figure: a click on the empty lower part of the sidebar (no widget there)
        await page.click('#canvas', { position: { x: 110, y: 760 } });
        await page.keyboard.press('ArrowRight');
        await nextFrames(page, 3);
        let s = await getState(page);
        assert(s.step === 2, `after ArrowRight from step 1: step ${s.step}`);
        await page.keyboard.press('ArrowLeft');
        await nextFrames(page, 3);
        s = await getState(page);
        assert(s.step === 1, `after ArrowLeft from step 2: step ${s.step}`);
        assert(s.scene === scene, `the keys changed the scene to ${s.scene}`);
      });
    }

    if (scene === 'self-attention') {
      await test('self-attention: step 4 shows the article\'s softmax (4 significant digits)', async () => {
        const r = await api(page, 'setStep', 4);
        assert(r.ok, `setStep(4) refused: ${r.error}`);
        const s = await getState(page);
        assert(s.step === 4, `step ${s.step}`);
        const where = findSoftmax(s);
        assert(where.length > 0, 'no 3x3 matrix in getState() equals the article\'s softmax');
        // The trace's fourth step (the one shown) must be the softmax.
        if (s.trace && Array.isArray(s.trace.steps))
          assert(where.some((p) => p.startsWith('trace.steps[3]')), `softmax found at ${where.join(', ')}, not in trace.steps[3]`);
        console.log(`       softmax at ${where.join(', ')}`);
      });
    }
  }

  await test('all seven scenes are covered (or pending)', async () => {
    const missing = SCENES.filter((s) => !present.includes(s) && !PENDING_SCENES.has(s));
    assert(missing.length === 0, `missing: ${missing.join(', ')}`);
    assert(present.length >= 1, 'no scene opened');
    const pending = SCENES.filter((s) => !present.includes(s));
    if (pending.length) console.log(`       still pending: ${pending.join(', ')}`);
  });

  await test('no console errors across all scenes', async () => assertNoProblems(page));
});
