// Each scene with user inputs exports them into the shared state and takes them back: a
// state written by hand is applied without a notice, the figure's own query then carries
// the same inputs, and a figure made from that query shows the same thing (for the decoder,
// embedding and training scenes: the same getState(), in a figure and in an embed.html
// iframe). Hostile values for those scenes are refused, each with a notice.
import { run, test, assert, openPage, assertNoProblems } from './lib.mjs';
import { figureState } from './figures.mjs';

const encode = (scene, inputs) => 'v1.' + Buffer.from(JSON.stringify({ scene, inputs })).toString('base64url');
const decode = (query) => JSON.parse(Buffer.from(new URLSearchParams(query).get('state').slice(3), 'base64url'));

const cases = [
  ['self-attention', 6, { x: [[1, 2, 0, 1], [0, 1, 1, 0]], scaled: true }],
  ['multi-head', 3, { x: [[1, 0, 2, 1, 0, 1], [0, 1, 1, 0, 2, 2]], heads: 3, seed: 5 }],
  ['positional-encoding', 6, { order: [[2, 0, 1]], table_dims: 64, pos: 5, k: -2, shift_dims: 6 }],
  ['cnn-vs-attention', 4, { query: [2, 3], content_gain: 4.5, kernel: [[0, 1, 0], [1, -4, 1], [0, 1, 0]] }],
  ['encoder', 3, { words: 'I Love China', layers: 2, pre_norm: true, layer: 2 }],
  ['decoder', 7, { mode: 'numbers', english: 'twenty three', layer: 2, pass: 2 }],
  ['decoder', 3, { mode: 'example', source: 'I Love', target: '我爱', seed: 9, layer: 1, pass: 2 }],
  ['embedding', 5, { seed: 3, d: 5, table: [[0, 0, 0, 0, 0], [0.5, -1.25, 2, 0.1, 3], [1, 1, 1, 1, 1], [-2, 0.25, 0, 7, 1], [0, 0, 0, 0, 9]] }],
  ['embedding', 2, { seed: 1, d: 6, table: [[1, 2, 3], [4, 5, 6], [7, 8, 9], [0.5, 0.5, 0.5], [-1, -2, -3]] }],
  ['training', 1, { model: 'mnist-vit', epochs: 4, lr: 0.001, batchSize: 64, seed: 7, augment: false }],
];

// Hostile or wrong values for these scenes' inputs: each refused with a notice naming it,
// the rest of the state as the scene's defaults.
const refusals = [
  ['decoder', { mode: '<script>alert(1)</script>' }, /'mode'/],
  ['decoder', { english: 'twenty banana' }, /'english' was refused \(.*banana/],
  ['decoder', { pass: 99 }, /'pass'/],
  ['decoder', { english: 'x'.repeat(500) }, /'english'/],
  ['embedding', { table: [[1, 2]] }, /'table'/],
  ['embedding', { d: 99, table: [[1e9, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]] }, /'d'.*'table'|'table'.*'d'/],
  ['training', { lr: 5, model: 'gpt' }, /'model'.*'lr'|'lr'.*'model'/],
  ['training', { epochs: 1.5, batchSize: -1 }, /'epochs'.*'batchSize'|'batchSize'.*'epochs'/],
];

// getState() of a figure made from `query` (then destroyed).
function stateFor(page, query) {
  return page.evaluate(async (q) => {
    const el = document.createElement('div');
    document.body.appendChild(el);
    const fig = VitPlay.create(el, { query: q });
    await fig.ready;
    const s = fig.getState();
    fig.destroy();
    el.remove();
    return s;
  }, query);
}

await run('browser share inputs', async ({ browser, url }) => {
  const page = await openPage(browser);
  await page.goto(`${url}embed.html?scene=self-attention`, { waitUntil: 'load' });
  await figureState(page, '#figure');
  for (const [scene, step, inputs] of cases) {
    await test(`${scene}: inputs from a shared state apply and round-trip`, async () => {
      const query = `scene=${scene}&step=${step}&state=${encode(scene, inputs)}`;
      const first = await stateFor(page, query);
      const second = await stateFor(page, first.query);
      assert(first.notice === '', `notice "${first.notice}"`);
      assert(first.scene === scene && first.step === step, `${first.scene} step ${first.step}`);
      const exported = decode(first.query).inputs;
      for (const [k, v] of Object.entries(inputs))
        assert(JSON.stringify(exported[k]) === JSON.stringify(v), `${k}: exported ${JSON.stringify(exported[k])}, given ${JSON.stringify(v)}`);
      assert(second.query === first.query && JSON.stringify(second.trace) === JSON.stringify(first.trace),
        'a figure made from the exported query differs');
      if (['decoder', 'embedding', 'training'].includes(scene)) {
        assert(JSON.stringify(second) === JSON.stringify(first), 'getState() of a figure made from the exported query differs');
        // and an iframe on embed.html with that query shows the same
        const framed = await page.evaluate(async (q) => {
          const frame = document.createElement('iframe');
          frame.src = 'embed.html?' + q;
          frame.width = 800;
          frame.height = 500;
          document.body.appendChild(frame);
          await new Promise((r) => frame.addEventListener('load', r));
          await frame.contentWindow.vitplay.ready;
          const st = frame.contentWindow.vitplay.getState();
          frame.remove();
          return st;
        }, first.query);
        assert(JSON.stringify(framed) === JSON.stringify(first), `the iframe's getState() differs: ${JSON.stringify(framed).slice(0, 300)}`);
      }
    });
  }
  for (const [scene, inputs, mentions] of refusals) {
    await test(`${scene}: ${JSON.stringify(inputs).slice(0, 60)} is refused with a notice`, async () => {
      const fresh = await stateFor(page, `scene=${scene}`);
      const refused = await stateFor(page, `scene=${scene}&state=${encode(scene, inputs)}`);
      assert(mentions.test(refused.notice), `notice "${refused.notice}" does not match ${mentions}`);
      assert(refused.query === fresh.query, `the refused inputs changed the state: ${decode(refused.query).inputs === undefined ? '' : JSON.stringify(decode(refused.query).inputs).slice(0, 200)}`);
      assert(!JSON.stringify(refused).includes('<script>'), 'the injected text came back in the state');
    });
  }
  await test('nothing reported on the console', async () => assertNoProblems(page));
});
