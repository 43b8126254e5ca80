// The page API refuses bad input with a message and leaves the state as it was.
import { run, test, assert, openPage, loadApp, assertNoProblems, api, getState } from './lib.mjs';

await run('browser api', async ({ browser, url }) => {
  const page = await openPage(browser);

  await test('window.vitplay has the documented API and ready resolves', async () => {
    await loadApp(page, url);
    const shape = await page.evaluate(() => ({
      fns: ['setScene', 'setStep', 'setLang', 'getState'].map((f) => typeof window.vitplay[f]),
      ready: window.vitplay.ready instanceof Promise,
    }));
    assert(shape.fns.every((t) => t === 'function') && shape.ready, `window.vitplay: ${JSON.stringify(shape)}`);
  });

  await test('getState() returns the parsed state: scene, step, steps, lang', async () => {
    const s = await getState(page);
    assert(s && typeof s === 'object', `getState() returned ${typeof s}`);
    assert(typeof s.scene === 'string' && Number.isInteger(s.step) && Number.isInteger(s.steps) && typeof s.lang === 'string',
      `state: ${JSON.stringify(s).slice(0, 200)}`);
  });

  await test('valid calls resolve and apply', async () => {
    for (const [fn, arg] of [['setScene', 'self-attention'], ['setStep', 3], ['setLang', 'zh']]) {
      const r = await api(page, fn, arg);
      assert(r.ok, `${fn}(${JSON.stringify(arg)}) refused: ${r.error}`);
    }
    const s = await getState(page);
    assert(s.scene === 'self-attention' && s.step === 3 && s.lang === 'zh', `state ${s.scene} ${s.step} ${s.lang}`);
    const r = await api(page, 'setStep', '2');  // a numeric string is a step too
    assert(r.ok && (await getState(page)).step === 2, `setStep('2'): ${r.error}`);
    await api(page, 'setStep', 3);
  });

  const bad = [
    ['setScene', 'nosuch', /nosuch/],
    ['setScene', '', /scene/],
    ['setScene', 42, /scene/],
    ['setScene', 'x'.repeat(100000), /scene/],
    ['setStep', 0, /\b0\b/],
    ['setStep', 99, /\b99\b/],
    ['setStep', -1, /-1/],
    ['setStep', 'abc', /abc/],
    ['setStep', 2.5, /2\.5/],
    ['setStep', null, /null/],
    ['setStep', 1e12, /step/],
    ['setStep', NaN, /step/],
    ['setLang', 'fr', /fr/],
    ['setLang', undefined, /en|zh/],
  ];
  for (const [fn, arg, mentions] of bad) {
    const label = `${fn}(${typeof arg === 'string' && arg.length > 20 ? `'${arg.slice(0, 5)}...' (${arg.length} chars)` : typeof arg === 'number' ? String(arg) : JSON.stringify(arg) ?? String(arg)})`;
    await test(`${label} is refused with a message, state unchanged`, async () => {
      const before = JSON.stringify(await getState(page));
      const r = await api(page, fn, arg);
      assert(!r.ok, `${label} was accepted`);
      assert(typeof r.error === 'string' && r.error.length > 0, 'refused without a message');
      assert(mentions.test(r.error), `message "${r.error.slice(0, 200)}" does not mention ${mentions}`);
      assert(r.error.length < 1000, `message is ${r.error.length} characters long`);
      const after = JSON.stringify(await getState(page));
      assert(after === before, 'the state changed');
    });
  }

  await test('refusals print nothing to the console', async () => assertNoProblems(page));
});
