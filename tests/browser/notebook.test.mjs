// Figures in a Jupyter notebook (python/vitplay): a notebook whose cells call vitplay.show()
// twice, executed by `jupyter nbconvert --execute --to html` with the package's python/
// module and dist/ files (build/package, from ci/package), then the HTML opened from disk
// (file://, no server): both figures run at the steps asked for, with no console errors,
// and the module is in the page once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { run, test, assert, openPage, nextFrames, assertNoProblems, decodePng, imageStats, blankReason,
         ROOT, SHOTS_DIR } from './lib.mjs';
import { figureState } from './figures.mjs';

const PYTHON_DIR = path.join(ROOT, 'build/package/python');

function notebook(cells) {
  return JSON.stringify({
    cells: cells.map((source, i) => ({ id: `cell-${i + 1}`, cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    nbformat: 4, nbformat_minor: 5,
  });
}

await run('browser notebook', async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitplay-notebook-'));
  const html = path.join(dir, 'figures.html');
  try {
    await test('jupyter nbconvert --execute runs two vitplay.show() cells', async () => {
      assert(fs.existsSync(path.join(PYTHON_DIR, 'vitplay/__init__.py')), `${PYTHON_DIR} has no vitplay module: run ci/package`);
      fs.writeFileSync(path.join(dir, 'figures.ipynb'), notebook([
        `import sys\nsys.path.insert(0, ${JSON.stringify(PYTHON_DIR)})\nimport vitplay\nprint(vitplay.dist_dir())`,
        'vitplay.show(scene="self-attention", step=4, lang="en")',
        'vitplay.show(scene="multi-head", step=3, lang="zh", height=380)',
        `vitplay.show_vit(${JSON.stringify(path.join(ROOT, 'tests/fixtures/vit/seven-on-paper.png'))})`,
      ]));
      // Debian's jupyter and its python3; the kernel's cwd is the notebook's folder
      execFileSync('/usr/bin/jupyter', ['nbconvert', '--execute', '--to', 'html', 'figures.ipynb'],
                   { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
      const text = fs.readFileSync(html, 'utf8');
      assert(text.includes(path.join(ROOT, 'build/package/dist')), 'the first cell did not print the package\'s dist/');
      const modules = text.split('id="vitplay-wasm-').length - 1;
      assert(modules === 1, `${modules} copies of the module in the page`);
    });

    await test('the exported HTML, opened from disk, runs the figures at their steps, the ViT in its engine', async () => {
      const page = await openPage(browser, { viewport: { width: 1100, height: 900 } });
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
      const ids = await page.evaluate(() => Array.from(document.querySelectorAll('vitplay-figure'), (el) => el.id));
      const want = [{ scene: 'self-attention', step: 4, lang: 'en' }, { scene: 'multi-head', step: 3, lang: 'zh' },
                    { scene: 'vit', step: 1, lang: 'en', top: '7' }];
      assert(ids.length === 3, `${ids.length} figures in the page`);
      for (const [i, id] of ids.entries()) {
        await page.locator(`#${id}`).scrollIntoViewIfNeeded();
        const s = await figureState(page, `#${id}`);
        const w = want[i];
        assert(s.scene === w.scene && s.step === w.step && s.lang === w.lang && s.notice === '',
               `figure ${i + 1}: ${s.scene} ${s.step} ${s.lang} "${s.notice}"`);
        if (w.top) {  // the image read by the engine's Web Worker, started from the notebook's own copy
          await page.waitForFunction((sel) => {
            const st = document.querySelector(sel).__vitplay.getState();
            return st.error || (!st.computing && st.top.length > 0);
          }, `#${id}`, { timeout: 30000 });
          const v = await figureState(page, `#${id}`);
          assert(!v.error && v.top[0].label === w.top, `the ViT figure: ${v.error || JSON.stringify(v.top[0])}`);
        }
        await nextFrames(page, 3);
        fs.mkdirSync(path.join(SHOTS_DIR, 'notebook'), { recursive: true });
        const why = blankReason(imageStats(decodePng(await page.locator(`#${id} canvas`)
          .screenshot({ path: path.join(SHOTS_DIR, `notebook/figure-${i + 1}.png`) }))));
        assert(!why, `figure ${i + 1} looks blank: ${why}`);
      }
      await page.screenshot({ path: path.join(SHOTS_DIR, 'notebook/notebook.png'), fullPage: true });
      assertNoProblems(page, 'the exported notebook');
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 110000 });
