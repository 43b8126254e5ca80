// A Markdown page with two figures, as docs/package.md tells authors to write it: the Hugo site
// in tests/package/hugo-site built by Debian's hugo, with the installed package's dist/ copied
// under static/vitplay/, served under script-src 'self' 'wasm-unsafe-eval'. Both figures run
// at the steps the Markdown asks for, with no console errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { run, test, assert, openPage, startServer, assertNoProblems, ROOT, SHOTS_DIR } from './lib.mjs';
import { figureState } from './figures.mjs';

await run('browser hugo', async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitplay-hugo-'));
  let site = null;
  try {
    await test('hugo builds the post with the figures as raw HTML', async () => {
      const npm = path.join(dir, 'npm'), src = path.join(dir, 'site');
      fs.mkdirSync(npm);
      execFileSync('bash', [path.join(ROOT, 'tests/package/install.sh'), npm], { stdio: 'ignore' });
      fs.cpSync(path.join(ROOT, 'tests/package/hugo-site'), src, { recursive: true });
      fs.cpSync(path.join(npm, 'node_modules/vitplay/dist'), path.join(src, 'static/vitplay'), { recursive: true });
      execFileSync('hugo', ['--quiet', '--source', src, '--destination', path.join(dir, 'public')], { stdio: 'pipe' });
      const post = fs.readFileSync(path.join(dir, 'public/posts/attention/index.html'), 'utf8');
      const figures = post.match(/<vitplay-figure [^>]*>/g) || [];
      assert(figures.length === 2, `the built post has ${figures.length} <vitplay-figure> tags`);
      fs.writeFileSync(path.join(dir, 'public/index.html'), '');  // startServer wants one
      site = await startServer(path.join(dir, 'public'));
    });

    await test('both figures of the post run at their steps', async () => {
      assert(site, 'no site');
      const page = await openPage(browser, { viewport: { width: 1000, height: 900 } });
      await page.goto(`${site.url}posts/attention/`, { waitUntil: 'load' });
      const want = [['self-attention', 4], ['multi-head', 3]];
      for (const [i, [scene, step]] of want.entries()) {
        const selector = `vitplay-figure:nth-of-type(${i + 1})`;
        await page.locator(selector).scrollIntoViewIfNeeded();
        const s = await figureState(page, selector);
        assert(s.scene === scene && s.step === step && s.notice === '', `figure ${i + 1}: ${s.scene} ${s.step} "${s.notice}"`);
      }
      await page.evaluate(() => scrollTo(0, 0));
      fs.mkdirSync(path.join(SHOTS_DIR, 'package'), { recursive: true });
      await page.screenshot({ path: path.join(SHOTS_DIR, 'package/hugo-post.png'), fullPage: true });
      assertNoProblems(page, 'the post');
    });
  } finally {
    await site?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 90000 });
