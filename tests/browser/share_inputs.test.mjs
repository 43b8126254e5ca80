// Each scene with user inputs exports them into the shared state and takes them back: a
// state written by hand is applied without a notice, the figure's own query then carries
// the same inputs, and a figure made from that query shows the same thing.
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
];

await run('browser share inputs', async ({ browser, url }) => {
  const page = await openPage(browser);
  await page.goto(`${url}embed.html?scene=self-attention`, { waitUntil: 'load' });
  await figureState(page, '#figure');
  for (const [scene, step, inputs] of cases) {
    await test(`${scene}: inputs from a shared state apply and round-trip`, async () => {
      const query = `scene=${scene}&step=${step}&state=${encode(scene, inputs)}`;
      const [first, second] = await page.evaluate(async (q) => {
        const make = async (query) => {
          const el = document.createElement('div');
          document.body.appendChild(el);
          const fig = VitPlay.create(el, { query });
          await fig.ready;
          const s = fig.getState();
          fig.destroy();
          el.remove();
          return s;
        };
        const a = await make(q);
        return [a, await make(a.query)];
      }, query);
      assert(first.notice === '', `notice "${first.notice}"`);
      assert(first.scene === scene && first.step === step, `${first.scene} step ${first.step}`);
      const exported = decode(first.query).inputs;
      for (const [k, v] of Object.entries(inputs))
        assert(JSON.stringify(exported[k]) === JSON.stringify(v), `${k}: exported ${JSON.stringify(exported[k])}, given ${JSON.stringify(v)}`);
      assert(second.query === first.query && JSON.stringify(second.trace) === JSON.stringify(first.trace),
        'a figure made from the exported query differs');
    });
  }
  await test('nothing reported on the console', async () => assertNoProblems(page));
});
