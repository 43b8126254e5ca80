// The engine in both page modes: the page served with COOP/COEP (cross-origin isolated, as
// ci/play serves it: the engine's pthreads build, up to 4 threads) and without (an ordinary
// host page: one thread). In both the engine runs in a Web Worker, and its results agree with the CLI's (the
// same WebAssembly core under node): the top-5 of an image, opened with openFile (which resolves
// once the prediction is in the state), and the loss of each of the first steps of a
// fixed-seed training run, within 1e-4 relative.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run, test, assert, startServer, openPage, loadApp, assertNoProblems, ROOT, WEB_DIR } from './lib.mjs';

const STEPS = 20;
const SEVEN = path.join(ROOT, 'tests/fixtures/vit/seven-on-paper.png');
const ISOLATING = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function cli(...args) {
  return JSON.parse(execFileSync('node', ['--no-experimental-fetch', path.join(WEB_DIR, 'vitplay-cli.js'), ...args],
                                 { encoding: 'utf8', timeout: 120000 }));
}

await run('browser engine', async ({ browser }) => {
  const reference = {
    top: cli('classify', SEVEN, '--top', '5', '--format', 'json')[0].top,
    losses: cli('live-train', '--steps', String(STEPS), '--seed', '3', '--format', 'json').losses,
  };
  assert(reference.top.length === 5 && reference.losses.length === STEPS, 'the CLI gave no reference');
  const modes = [{ name: 'cross-origin isolated', headers: ISOLATING, isolated: true },
                 { name: 'not isolated', headers: {}, isolated: false }];
  for (const mode of modes) {
    const server = await startServer(WEB_DIR, { headers: mode.headers });
    try {
      const page = await openPage(browser);
      await loadApp(page, server.url);

      await test(`${mode.name}: the page is ${mode.isolated ? '' : 'not '}cross-origin isolated`, async () => {
        const isolated = await page.evaluate(() => self.crossOriginIsolated);
        assert(isolated === mode.isolated, `crossOriginIsolated is ${isolated}`);
      });

      await test(`${mode.name}: openFile resolves with the engine's top-5, the CLI's`, async () => {
        const bytes = [...fs.readFileSync(SEVEN)];
        const state = await page.evaluate((b) => window.vitplay.openFile(new Blob([new Uint8Array(b)]), 'seven.png'), bytes);
        assert(!state.computing && state.top.length === 5, `resolved before the prediction: ${JSON.stringify(state).slice(0, 200)}`);
        for (const [i, want] of reference.top.entries()) {
          const got = state.top[i];
          assert(got.index === want.index && Math.abs(got.prob - want.prob) <= 1e-5,
                 `top ${i + 1}: page ${JSON.stringify(got)}, CLI ${JSON.stringify(want)}`);
        }
      });

      await test(`${mode.name}: training's first ${STEPS} losses are the CLI's within 1e-4`, async () => {
        await page.evaluate(() => window.vitplay.setScene('training'));
        await page.evaluate(() => window.vitplay.startTraining({ seed: 3 }));
        await page.waitForFunction((n) => window.vitplay.getState().training.step >= n, STEPS, { timeout: 90000 });
        const run = await page.evaluate(() => window.vitplay.stopTraining());
        assert(!run.running, 'stopTraining resolved while the engine ran on');
        const cores = await page.evaluate(() => navigator.hardwareConcurrency);
        const threads = mode.isolated ? Math.min(4, cores) : 1;
        assert(run.threads === threads, `the engine trains on ${run.threads} thread(s), not ${threads}`);
        for (let i = 0; i < STEPS; ++i) {
          const page_loss = run.stepLosses[i], cli_loss = reference.losses[i];
          assert(Math.abs(page_loss - cli_loss) <= 1e-4 * Math.abs(cli_loss),
                 `step ${i + 1}: page ${page_loss}, CLI ${cli_loss}`);
        }
      });

      await test(`${mode.name}: no console errors`, async () => assertNoProblems(page));
      await page.close();
    } finally {
      await server.close();
    }
  }
}, { timeoutMs: 300000 });
