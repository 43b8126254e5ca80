// The ViT scene in the page: images in through vitplay.openFile and through the app's file
// chooser, bad files refused with the state unchanged, a head switched off changing the
// prediction. Test images: tests/make_vit_test_images.py, tests/make_image_fixtures.py.
import fs from 'node:fs';
import path from 'node:path';
import { run, test, assert, openPage, loadApp, nextFrames, getState, shoot, ROOT } from './lib.mjs';
import { chooseWithOpenButton, topMoved } from './vit_page.mjs';

const VIT = path.join(ROOT, 'tests/fixtures/vit');
const BAD = path.join(ROOT, 'tests/fixtures/images');

// window.vitplay.openFile(new Blob([bytes]), name) in the page: {ok, state} or {ok: false, error}.
async function openFile(page, file, name = path.basename(file)) {
  const bytes = [...fs.readFileSync(file)];
  return page.evaluate(async ([b, n]) => {
    try {
      const state = await window.vitplay.openFile(new Blob([new Uint8Array(b)]), n);
      return { ok: true, state };
    } catch (e) {
      return { ok: false, error: String(e && e.message ? e.message : e) };
    }
  }, [bytes, name]);
}

// The state once the model has finished (heavy models take a few frames).
async function settled(page) {
  await page.waitForFunction(() => {
    const s = window.vitplay.getState();
    return s && s.scene === 'vit' && !s.computing && s.top.length > 0;
  }, null, { timeout: 20000 });
  return getState(page);
}

await run('vit scene', async ({ browser, url }) => {
  const page = await openPage(browser);
  await loadApp(page, url);

  await test('the scene opens with mnist-vit and a digit on the pad, classified', async () => {
    const r = await page.evaluate(() => window.vitplay.setScene('vit').then(() => true, (e) => e.message));
    assert(r === true, `setScene('vit'): ${r}`);
    const s = await settled(page);
    assert(s.model === 'mnist-vit', `model ${s.model}`);
    assert(s.input === 'pad', `input ${s.input}`);
    assert(s.top.length === 5 && s.top[0].label === '3', `top ${JSON.stringify(s.top)}`);
    const sum = s.top.reduce((a, t) => a + t.prob, 0);
    assert(sum > 0.5 && sum <= 1.0001, `top-5 probabilities sum to ${sum}`);
  });

  await test('openFile: a photographed 7 on paper is a 7; the state shows the file as given', async () => {
    const r = await openFile(page, path.join(VIT, 'seven-on-paper.png'));
    assert(r.ok, `refused: ${r.error}`);
    assert(r.state.image.name === 'seven-on-paper.png', `resolved before the state showed the file: ${JSON.stringify(r.state.image)}`);
    const s = await settled(page);
    assert(s.image.width === 300 && s.image.height === 220, `image ${JSON.stringify(s.image)}`);
    assert(s.preprocess.inverted === true, 'light paper not inverted');
    assert(s.top[0].label === '7', `top-1 ${JSON.stringify(s.top[0])}`);
    await nextFrames(page, 3);
    await shoot(page, 'vit/open-file-seven');
  });

  const bad = [
    ['bad_not_an_image.png', /not an image/],
    ['bad_truncated.png', /readable image|truncated|corrupt/],
    ['bad_empty.png', /empty/],
    ['bad_declares_30000x30000.png', /30000|limit|readable/],
  ];
  for (const [name, mentions] of bad) {
    await test(`openFile(${name}) is refused with a message, state unchanged`, async () => {
      const before = await settled(page);
      const r = await openFile(page, path.join(BAD, name));
      assert(!r.ok, `${name} was accepted`);
      assert(mentions.test(r.error), `message "${r.error}" does not match ${mentions}`);
      await nextFrames(page, 2);
      const after = await getState(page);
      assert(JSON.stringify(after) === JSON.stringify(before),
        `state changed: ${JSON.stringify(before).slice(0, 200)} -> ${JSON.stringify(after).slice(0, 200)}`);
    });
  }

  await test('openFile refuses what is not a Blob', async () => {
    const r = await page.evaluate(() => window.vitplay.openFile('seven.png').then(() => 'accepted', (e) => e.message));
    assert(/Blob/.test(r), r);
  });

  await test("the app's Open button opens the browser's file chooser; the chosen image is classified", async () => {
    await page.evaluate(() => window.vitplay.setStep(1));
    await nextFrames(page, 2);
    await chooseWithOpenButton(page, path.join(VIT, 'two-light-on-dark.png'));
    await page.waitForFunction(() => window.vitplay.getState().image.name === 'two-light-on-dark.png', null,
      { timeout: 10000 });
    const s = await settled(page);
    assert(s.preprocess.inverted === false, 'a dark background was inverted');
    assert(s.top[0].label === '2', `top-1 ${JSON.stringify(s.top[0])}`);
  });

  await test('switching a head off changes the probabilities', async () => {
    const before = await settled(page);
    const r = await page.evaluate(() => window.vitplay.setMatrix('heads_off', [[1, 1], [1, 2], [2, 1]])
      .then(() => true, (e) => e.message));
    assert(r === true, `setMatrix: ${r}`);
    const after = await settled(page);
    assert(after.interventions.heads_off.length === 3, `interventions ${JSON.stringify(after.interventions)}`);
    assert(topMoved(before, after, 1e-4), `probabilities unchanged: ${JSON.stringify(before.top)} vs ${JSON.stringify(after.top)}`);
    await page.evaluate(() => window.vitplay.setStep(5));
    await nextFrames(page, 3);
    await shoot(page, 'vit/heads-off');
  });

  assert(page.problems.length === 0, `page problems: ${page.problems.join('; ')}`);
});
