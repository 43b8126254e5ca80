// The license notices: build/web serves LICENSE and THIRD_PARTY.md as they are in the
// repository, and the app's "About vitplay" entry (sidebar, and the Menu on a phone) shows
// vitplay's license line and every entry of THIRD_PARTY.md, in English and Chinese.
// Widgets are found through debugInfo().items: "about" (the entry), "license" (named by
// LICENSE's first line) and one "notice" per entry (named by the text before its colon).
import fs from 'node:fs';
import path from 'node:path';
import { run, test, assert, openPage, loadApp, nextFrames, shoot, blankReason, assertNoProblems, api, ROOT }
  from './lib.mjs';
import { PHONE, itemBox, touchscreen } from './figures.mjs';

const LICENSE = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
const THIRD_PARTY = fs.readFileSync(path.join(ROOT, 'THIRD_PARTY.md'), 'utf8');
const LICENSE_NAME = LICENSE.split('\n')[0];
// The parts THIRD_PARTY.md lists: each "- " entry names its part before a colon on its first line.
const ENTRIES = THIRD_PARTY.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
const PARTS = ENTRIES.map((l) => l.slice(0, l.indexOf(':')));

async function items(page, kind) {
  return page.evaluate((k) => window.vitplay.debugInfo().items.filter((i) => i.kind === k).map((i) => i.name), kind);
}

// Scrolls the About panel's list to its end with the wheel (positive deltaY: down, as in every
// browser), collecting the entries drawn on the way. The first wheel notch must move the list
// down by one scroll step, not up and not to its end.
// The top edge of every third-party entry drawn, by name.
async function noticeRects(page) {
  return page.evaluate(() => Object.fromEntries(window.vitplay.debugInfo().items
    .filter((i) => i.kind === 'notice').map((i) => [i.name, i.rect[1]])));
}

async function noticesShown(page) {
  const first = await itemBox(page, '#canvas', 'notice');
  assert(first, 'About shows no third-party entry');
  await page.mouse.move(first.cx, first.cy);
  await page.mouse.wheel(0, -10000);  // back to the top (the list keeps its scroll across languages)
  await nextFrames(page, 2);
  const seen = new Set(await items(page, 'notice'));
  // One notch (100 pixels, as a mouse wheel sends) moves an entry up by at most ImGui's scroll step.
  const top = await noticeRects(page);
  await page.mouse.wheel(0, 100);
  await nextFrames(page, 2);
  const moved = await noticeRects(page);
  const name = Object.keys(top).find((n) => n in moved);
  assert(name, 'no entry stayed in view after one wheel step');
  const shift = top[name] - moved[name];
  assert(shift > 0 && shift < 200, `one wheel notch down moved "${name}" by ${-shift} px (expected up by 1-200)`);
  for (let i = 0; i < 60 && seen.size < PARTS.length; ++i) {
    for (const name of await items(page, 'notice')) seen.add(name);
    await page.mouse.wheel(0, 100);
    await nextFrames(page, 2);
  }
  for (const name of await items(page, 'notice')) seen.add(name);
  return seen;
}

function assertAllParts(seen) {
  const missing = PARTS.filter((p) => !seen.has(p));
  assert(missing.length === 0, `About does not show: ${missing.join('; ')}`);
}

await run('browser about', async ({ browser, url }) => {
  await test('THIRD_PARTY.md names each part before a colon', async () => {
    assert(ENTRIES.length >= 15, `only ${ENTRIES.length} entries in THIRD_PARTY.md`);
    for (const name of ['Dear ImGui', 'Eigen', 'nlohmann/json', 'stb_image', 'libjpeg-turbo', 'libpng', 'zlib', 'GLFW',
                        'OpenBLAS', 'WenQuanYi Micro Hei', 'MNIST', 'Fashion-MNIST', 'Playwright', 'onnxruntime-web'])
      assert(PARTS.some((p) => p.startsWith(name)), `THIRD_PARTY.md has no entry for ${name}`);
    const unnamed = ENTRIES.filter((l) => l.indexOf(':') < 1);
    assert(unnamed.length === 0, `entries without "Name:" on their first line: ${unnamed.join('; ')}`);
  });

  await test('LICENSE and THIRD_PARTY.md are served next to the page, as in the repository', async () => {
    for (const [file, text] of [['LICENSE', LICENSE], ['THIRD_PARTY.md', THIRD_PARTY]]) {
      const res = await fetch(new URL(file, url));
      assert(res.ok, `${file}: HTTP ${res.status}`);
      assert((await res.text()) === text, `build/web/${file} differs from the repository's`);
    }
  });

  const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await loadApp(page, `${url}?scene=self-attention&step=1`);

  await test('the sidebar\'s About entry shows the license line and every third-party entry', async () => {
    assert(!(await itemBox(page, '#canvas', 'license')), 'the license shows before About is clicked');
    const about = await itemBox(page, '#canvas', 'button', 'about');
    assert(about, 'no About entry in the sidebar');
    await page.mouse.click(about.cx, about.cy);
    await nextFrames(page, 3);
    const license = await items(page, 'license');
    assert(license.length === 1 && license[0] === LICENSE_NAME, `license line: ${JSON.stringify(license)}, expected ${LICENSE_NAME}`);
    const shot = await shoot(page, 'about/app-about');
    assert(!blankReason(shot), `the About panel looks blank: ${blankReason(shot)}`);
    const seen = await noticesShown(page);
    await page.mouse.click(1270, 790);  // outside the panel, on nothing of the scene
    await nextFrames(page, 3);
    assert((await items(page, 'license')).length === 0, 'a click outside did not close About');
    assertAllParts(seen);
  });

  await test('in Chinese too', async () => {
    await api(page, 'setLang', 'zh');
    await nextFrames(page, 2);
    const about = await itemBox(page, '#canvas', 'button', 'about');
    assert(about, 'no About entry in the Chinese sidebar');
    await page.mouse.click(about.cx, about.cy);
    await nextFrames(page, 3);
    assert((await items(page, 'license'))[0] === LICENSE_NAME, 'the Chinese About shows no license line');
    await shoot(page, 'about/app-about-zh');
    assertAllParts(await noticesShown(page));
  });

  await test('no console errors, page errors or failed requests', async () => assertNoProblems(page));

  await test('on a phone, About is in the Menu', async () => {
    const phone = await openPage(browser, PHONE);
    await loadApp(phone, `${url}?scene=self-attention&step=1`);
    const touch = touchscreen(phone);
    const menu = await itemBox(phone, '#canvas', 'button', 'menu');
    assert(menu, 'no Menu button on a phone');
    await touch.tap({ x: menu.cx, y: menu.cy });
    await nextFrames(phone, 3);
    const about = await itemBox(phone, '#canvas', 'button', 'about');
    assert(about, 'the Menu has no About entry');
    await touch.tap({ x: about.cx, y: about.cy });
    await nextFrames(phone, 3);
    assert((await items(phone, 'license'))[0] === LICENSE_NAME, 'About from the Menu shows no license line');
    const first = await itemBox(phone, '#canvas', 'notice');
    assert(first && first.x >= 0 && first.x + first.width <= 390, 'the About panel does not fit the phone\'s screen');
    await shoot(phone, 'about/phone-about');
    assertNoProblems(phone, 'the phone page');
  });
});
