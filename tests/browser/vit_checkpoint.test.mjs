// The ViT scene with a real-sized checkpoint: a ViT-Ti/16 at 224 in timm's naming (12 blocks,
// D = 192, 3 heads, 1000 ImageNet classes, random weights, 23 MB of float32) written by this
// test, with timm's config.json, opened through vitplay.openFile and through the app's file
// chooser, then a photo the browser draws and encodes as JPEG. Checks the state (model, image
// size, top-5 with ImageNet words, layers and heads), that the run advances a layer at a time
// with progress in the state while the page keeps drawing (the longest frame gap is logged,
// not asserted: the machine is shared), that a head switched off moves the probabilities, and
// that a checkpoint with a mis-shaped tensor is refused with the state left as it was.
import { run, test, assert, openPage, loadApp, nextFrames, getState, shoot } from './lib.mjs';
import { chooseWithOpenButton, topMoved } from './vit_page.mjs';
import { CLASSES, DEPTH, DIM, MLP, TIMM_CONFIG, timmTensors, safetensors } from './vit_ti.mjs';

// ---- in the page ----------------------------------------------------------------------------
// Test files reach the page from Node through a route the page fetches (23 MB as JSON numbers
// would take longer than the test).
const FILES = new Map();
async function serveFiles(page) {
  await page.route('**/vit-checkpoint-test/*', (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop());
    const body = FILES.get(name);
    return body ? route.fulfill({ status: 200, body, contentType: 'application/octet-stream' })
                : route.fulfill({ status: 404, body: 'not found' });
  });
}

// vitplay.openFile on a served file: {ok, state} or {ok: false, error}.
async function openServed(page, name) {
  return page.evaluate(async (n) => {
    const blob = await (await fetch(`vit-checkpoint-test/${encodeURIComponent(n)}`)).blob();
    try {
      return { ok: true, state: await window.vitplay.openFile(blob, n) };
    } catch (e) {
      return { ok: false, error: String(e && e.message ? e.message : e) };
    }
  }, name);
}

// A photo-like RGB picture, 640x427 (not square: the centre crop matters), drawn by the
// browser and encoded as JPEG: sky, sun, hills, a house, grain.
async function drawPhoto(page) {
  const bytes = await page.evaluate(async () => {
    const w = 640, h = 427, canvas = new OffscreenCanvas(w, h), g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, h * 0.6);
    sky.addColorStop(0, '#3a6fb0');
    sky.addColorStop(1, '#cfe3f2');
    g.fillStyle = sky;
    g.fillRect(0, 0, w, h);
    g.fillStyle = '#ffd75e';
    g.beginPath();
    g.arc(510, 90, 45, 0, 2 * Math.PI);
    g.fill();
    g.fillStyle = '#4f8a3a';
    g.beginPath();
    g.moveTo(0, 300);
    g.bezierCurveTo(160, 220, 380, 330, 640, 250);
    g.lineTo(640, 427);
    g.lineTo(0, 427);
    g.fill();
    g.fillStyle = '#b8442f';
    g.fillRect(250, 210, 140, 100);
    g.fillStyle = '#6b2b1f';
    g.beginPath();
    g.moveTo(235, 212);
    g.lineTo(320, 150);
    g.lineTo(405, 212);
    g.fill();
    g.fillStyle = '#2b2b2b';
    g.fillRect(305, 255, 30, 55);
    const pixels = g.getImageData(0, 0, w, h);
    let seed = 1;
    for (let i = 0; i < pixels.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const grain = ((seed >>> 16) % 25) - 12;
      for (let c = 0; c < 3; ++c) pixels.data[i + c] = Math.min(255, Math.max(0, pixels.data[i + c] + grain));
    }
    g.putImageData(pixels, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });
  return Buffer.from(bytes);
}

// Opens `name` (served) while recording every animation frame until the run has finished:
// the gaps between frames and the layers done at each. Returns {open, frames: [{gap, layers,
// computing}], longest}.
async function openAndWatch(page, name, setup = null) {
  return page.evaluate(async ([n, setupCall]) => {
    const blob = n ? await (await fetch(`vit-checkpoint-test/${encodeURIComponent(n)}`)).blob() : null;
    const frames = [];
    let last = performance.now(), done = false, opened = false;
    const record = (now) => {
      const s = window.vitplay.getState();
      frames.push({ gap: now - last, layers: s.layers_done, computing: s.computing, top: s.top.length });
      last = now;
      if (opened && !s.computing && s.top.length > 0) done = true;
      else requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
    let open;
    try {
      if (setupCall) await window.vitplay.setMatrix(setupCall[0], setupCall[1]);
      open = { ok: true, state: n ? await window.vitplay.openFile(blob, n) : null };
    } catch (e) {
      open = { ok: false, error: String(e && e.message ? e.message : e) };
    }
    opened = true;
    const t0 = performance.now();
    while (!done && performance.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 20));
    return { open, frames, longest: Math.max(...frames.map((f) => f.gap)) };
  }, [name, setup]);
}

// Layers done never go down during one run and take several frames to reach the depth.
function assertIncremental(frames, what) {
  const layers = frames.filter((f) => f.computing).map((f) => f.layers);
  assert(layers.length >= 3, `${what}: the run finished within ${layers.length} frame(s): ${JSON.stringify(frames.map((f) => f.layers))}`);
  for (let i = 1; i < layers.length; ++i)
    assert(layers[i] >= layers[i - 1], `${what}: layers done went back: ${JSON.stringify(layers)}`);
  assert(new Set(layers).size >= 3, `${what}: progress not shown layer by layer: ${JSON.stringify(layers)}`);
  const last = frames[frames.length - 1];
  assert(last.layers === DEPTH && last.top === 5, `${what}: ended at ${JSON.stringify(last)}`);
}

// Logs the frame gaps (ms): the longest of all (opening the file included) and each one while
// the run was computing.
function describeGaps(what, frames, longest) {
  const computing = frames.filter((f) => f.computing).map((f) => Math.round(f.gap));
  console.log(`       ${what}: ${frames.length} frames, longest gap ${Math.round(longest)} ms, ` +
              `longest while computing ${Math.max(...computing)} ms ${JSON.stringify(computing)}`);
}

const probs = (s) => Object.fromEntries(s.top.map((t) => [t.index, t.prob]));

await run('vit scene with a timm ViT-Ti/16 checkpoint', async ({ browser, url }) => {
  const t0 = Date.now();
  FILES.set('config.json', TIMM_CONFIG);
  FILES.set('vit_tiny_patch16_224.safetensors', safetensors(timmTensors()));
  FILES.set('vit_tiny_wrong_fc1.safetensors',
    safetensors(timmTensors({ wrongShape: { name: 'blocks.4.mlp.fc1.weight', shape: [MLP, DIM / 2] } })));
  console.log(`       checkpoint: ${FILES.get('vit_tiny_patch16_224.safetensors').length} bytes, written in ${Date.now() - t0} ms`);

  const page = await openPage(browser);
  await serveFiles(page);
  await loadApp(page, url);
  const r = await page.evaluate(() => window.vitplay.setScene('vit').then(() => true, (e) => e.message));
  assert(r === true, `setScene('vit'): ${r}`);
  FILES.set('photo.jpg', await drawPhoto(page));

  await test('openFile: timm config.json, then the ViT-Ti checkpoint (timm naming) becomes the model', async () => {
    const c = await openServed(page, 'config.json');
    assert(c.ok, `config refused: ${c.error}`);
    assert(c.state.config === 'config.json', `state does not show the config: ${JSON.stringify(c.state.config)}`);
    const w = await openAndWatch(page, 'vit_tiny_patch16_224.safetensors');
    assert(w.open.ok, `checkpoint refused: ${w.open.error}`);
    const s = w.open.state;
    assert(s.model === 'vit_tiny_patch16_224.safetensors', `model ${s.model}`);
    assert(s.models.includes('mnist-vit') && s.models.includes(s.model), `models ${JSON.stringify(s.models)}`);
    assert(s.layers === DEPTH && s.heads === 3, `layers ${s.layers}, heads ${s.heads}`);
    assert(s.preprocess?.recipe === 'imagenet', `preprocess ${JSON.stringify(s.preprocess)}`);
    describeGaps('the pad\'s digit through ViT-Ti', w.frames, w.longest);
    assertIncremental(w.frames, 'ViT-Ti on the pad');
  });

  let withPhoto = null;
  await test('openFile: a JPEG photo is classified by ViT-Ti, stage by stage, top-5 in ImageNet words', async () => {
    const w = await openAndWatch(page, 'photo.jpg');
    assert(w.open.ok, `photo refused: ${w.open.error}`);
    assert(w.open.state.image.name === 'photo.jpg', `resolved before the state showed the photo: ${JSON.stringify(w.open.state.image)}`);
    describeGaps('the photo through ViT-Ti (step 1)', w.frames, w.longest);
    assertIncremental(w.frames, 'ViT-Ti on the photo');
    const s = await getState(page);
    withPhoto = s;
    assert(s.image.width === 640 && s.image.height === 427, `image ${JSON.stringify(s.image)}`);
    assert(s.input === 'file' && s.model === 'vit_tiny_patch16_224.safetensors', `input ${s.input}, model ${s.model}`);
    assert(s.preprocess.stages.includes('resized') && s.preprocess.stages.at(-1) === 'normalised',
      `stages ${JSON.stringify(s.preprocess.stages)}`);
    assert(s.top.length === 5, `top ${JSON.stringify(s.top)}`);
    for (const t of s.top) {
      assert(Number.isInteger(t.index) && t.index >= 0 && t.index < CLASSES, `index ${JSON.stringify(t)}`);
      assert(/[a-z]/i.test(t.label) && t.label !== String(t.index), `no ImageNet word for class ${JSON.stringify(t)}`);
    }
    for (let i = 1; i < 5; ++i) assert(s.top[i].prob <= s.top[i - 1].prob, `top-5 not sorted: ${JSON.stringify(s.top)}`);
    const sum = s.top.reduce((a, t) => a + t.prob, 0);
    assert(sum > 0 && sum <= 1.0001, `top-5 probabilities sum to ${sum}`);
    console.log(`       top-5: ${s.top.map((t) => `${t.label} ${(100 * t.prob).toFixed(1)} %`).join(', ')}`);
  });

  await test('every step draws while a ViT-Ti run is in progress (frame gaps logged per step)', async () => {
    for (let step = 1; step <= 7; ++step) {
      await page.evaluate((n) => window.vitplay.setStep(n), step);
      // the same run again, started by an intervention and taken back: [[12, 3]] then none
      const w = await openAndWatch(page, null, ['heads_off', [[DEPTH, 3]]]);
      assert(w.open.ok, `setMatrix: ${w.open.error}`);
      describeGaps(`step ${step}`, w.frames, w.longest);
      assertIncremental(w.frames, `step ${step}`);
      await page.evaluate(() => window.vitplay.setMatrix('heads_off', []));
      await page.waitForFunction(() => !window.vitplay.getState().computing, null, { timeout: 20000 });
      const idle = await page.evaluate(() => new Promise((resolve) => {  // the same step, nothing computing
        const gaps = [];
        let last = performance.now();
        const f = (now) => {
          gaps.push(now - last);
          last = now;
          if (gaps.length < 12) requestAnimationFrame(f);
          else resolve(gaps.slice(1).sort((a, b) => a - b));
        };
        requestAnimationFrame(f);
      }));
      console.log(`       step ${step} idle: median frame gap ${Math.round(idle[idle.length >> 1])} ms, longest ${Math.round(idle.at(-1))} ms`);
      await shoot(page, `vit/vit-ti-step-${step}`);
    }
    const s = await getState(page);
    assert(JSON.stringify(probs(s)) === JSON.stringify(probs(withPhoto)),
      `the same run gave other probabilities: ${JSON.stringify(withPhoto.top)} vs ${JSON.stringify(s.top)}`);
  });

  await test('switching heads off moves the top-5 probabilities', async () => {
    const before = await getState(page);
    const w = await openAndWatch(page, null, ['heads_off', [[1, 1], [1, 2], [6, 3], [12, 1]]]);
    assert(w.open.ok, `setMatrix: ${w.open.error}`);
    const after = await getState(page);
    assert(JSON.stringify(after.interventions.heads_off) === JSON.stringify([[1, 1], [1, 2], [6, 3], [12, 1]]),
      `interventions ${JSON.stringify(after.interventions)}`);
    assert(topMoved(before, after, 1e-3), `probabilities unchanged: ${JSON.stringify(before.top)} vs ${JSON.stringify(after.top)}`);
    await page.evaluate(() => window.vitplay.setStep(5));
    await nextFrames(page, 3);
    await shoot(page, 'vit/vit-ti-heads-off');
    await page.evaluate(() => window.vitplay.setMatrix('heads_off', []));
    await page.waitForFunction(() => !window.vitplay.getState().computing, null, { timeout: 20000 });
  });

  await test('a ViT-Ti checkpoint with a mis-shaped tensor is refused, naming it; the state stays', async () => {
    const before = await getState(page);
    const r = await openServed(page, 'vit_tiny_wrong_fc1.safetensors');
    assert(!r.ok, 'the mis-shaped checkpoint was accepted');
    assert(/blocks\.4\.mlp\.fc1\.weight/.test(r.error), `message does not name the tensor: ${r.error}`);
    await nextFrames(page, 2);
    const after = await getState(page);
    assert(JSON.stringify(after) === JSON.stringify(before),
      `state changed: ${JSON.stringify(before).slice(0, 300)} -> ${JSON.stringify(after).slice(0, 300)}`);
  });

  await test("the app's Open button: the chooser takes the checkpoint, then the photo", async () => {
    await page.evaluate(() => window.vitplay.setStep(1));
    await nextFrames(page, 2);
    const choose = (name) => chooseWithOpenButton(page, { name, mimeType: 'application/octet-stream', buffer: FILES.get(name) });
    await page.evaluate(() => window.vitplay.setScene('vit'));
    await choose('vit_tiny_patch16_224.safetensors');
    await page.waitForFunction(() => window.vitplay.getState().models.filter((m) => m === 'vit_tiny_patch16_224.safetensors').length === 2,
      null, { timeout: 20000 });
    FILES.set('chosen photo.jpg', FILES.get('photo.jpg'));
    await choose('chosen photo.jpg');
    await page.waitForFunction(() => window.vitplay.getState().image.name === 'chosen photo.jpg', null, { timeout: 10000 });
    await page.waitForFunction(() => { const s = window.vitplay.getState(); return !s.computing && s.top.length === 5; },
      null, { timeout: 20000 });
    const s = await getState(page);
    assert(s.model === 'vit_tiny_patch16_224.safetensors' && s.layers === DEPTH && s.heads === 3,
      `model ${s.model} ${s.layers} ${s.heads}`);
    assert(s.image.width === 640 && s.image.height === 427, `image ${JSON.stringify(s.image)}`);
    assert(JSON.stringify(probs(s)) === JSON.stringify(probs(withPhoto)),
      `the chosen copy classifies the photo otherwise: ${JSON.stringify(withPhoto.top)} vs ${JSON.stringify(s.top)}`);
  });

  assert(page.problems.length === 0, `page problems: ${page.problems.join('; ')}`);
}, { timeoutMs: 240000 });
