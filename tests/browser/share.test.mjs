// Shared state in URLs: the full app applies its own query, the query of what is on screen
// (the Share button's) reproduces it in the app, in embed.html and in an iframe, the
// iframe answers postMessage calls, and hostile query strings are refused parameter by
// parameter with a notice: no crash, no dialog, no injected script.
import { run, test, assert, openPage, loadApp, nextFrames, api, getState, assertNoProblems, startServer } from './lib.mjs';
import { figureState, hostDir } from './figures.mjs';

// what must match between two states showing the same thing
const same = (s) => JSON.stringify({ scene: s.scene, step: s.step, lang: s.lang, query: s.query, trace: s.trace,
                                     inputs: s.inputs, params: s.params });

await run('browser share', async ({ browser, url }) => {
  const page = await openPage(browser);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });

  await test('the full app applies its own URL; nothing refused means an empty notice', async () => {
    await loadApp(page, `${url}index.html?scene=multi-head&step=3&lang=zh`);
    const s = await getState(page);
    assert(s.scene === 'multi-head' && s.step === 3 && s.lang === 'zh', `state ${s.scene} ${s.step} ${s.lang}`);
    assert(s.notice === '', `notice "${s.notice}"`);
    assert(s.query.startsWith('scene=multi-head&step=3&lang=zh&state=v1.'), `query ${s.query}`);
  });

  let shared = null;
  await test('Share round-trips: the query of what is on screen reproduces it in the app', async () => {
    await loadApp(page, `${url}index.html`);
    for (const [fn, arg] of [['setScene', 'self-attention'], ['setLang', 'zh'], ['setStep', 5]]) {
      const r = await api(page, fn, arg);
      assert(r.ok, `${fn}: ${r.error}`);
    }
    const r = await api(page, 'setMatrix', 'W_value', [[1, 0.5, 0], [0, 3, 0], [1, 0, -2.25], [1, 1, 0]]);
    assert(r.ok, `setMatrix: ${r.error}`);
    shared = await getState(page);
    assert(shared.query.includes('&state=v1.'), `query ${shared.query}`);
    const other = await openPage(browser);
    await loadApp(other, `${url}index.html?${shared.query}`);
    const back = await getState(other);
    assert(same(back) === same(shared), `reloaded state differs:\n${same(back).slice(0, 300)}\n${same(shared).slice(0, 300)}`);
    assert(back.notice === '', `notice "${back.notice}"`);
    assertNoProblems(other);
    await other.context().close();
  });

  await test('an iframe of embed.html with that query reproduces the state; postMessage drives it', async () => {
    // the page holding the iframe, on another port: postMessage is all it has
    const holder = await startServer(hostDir({ 'index.html': '<!doctype html><html><head><meta charset="utf-8">' +
      '<link rel="icon" href="data:,"></head><body></body></html>' }));
    const host = await openPage(browser);
    await host.goto(holder.url);
    const got = await host.evaluate(async (src) => {
      const frame = document.createElement('iframe');
      frame.width = 800;
      frame.height = 500;
      const events = [];
      window.addEventListener('message', (e) => { if (e.data && e.data.vitplay) events.push(e.data); });
      const ready = new Promise((resolve) => window.addEventListener('message', function on(e) {
        if (e.data && e.data.vitplay === 'ready') { window.removeEventListener('message', on); resolve(e.data.state); }
      }));
      frame.src = src;
      document.body.appendChild(frame);
      const readyState = await ready;
      const call = (msg) => new Promise((resolve) => {
        window.addEventListener('message', function on(e) {
          if (e.data && e.data.vitplay === 'result' && e.data.id === msg.id) {
            window.removeEventListener('message', on);
            resolve(e.data);
          }
        });
        frame.contentWindow.postMessage(msg, '*');
      });
      const state = await call({ vitplay: 'getState', id: 1 });
      const stepped = await call({ vitplay: 'setStep', args: [2], id: 2 });
      const refused = await call({ vitplay: 'setStep', args: [99], id: 3 });
      const unknown = await call({ vitplay: 'eval', args: ['1'], id: 4 });
      await new Promise((r) => setTimeout(r, 300));
      return { readyState, state, stepped, refused, unknown, events: events.map((e) => e.vitplay) };
    }, `${url}embed.html?${shared.query}`);
    assert(got.state.ok && same(got.state.value) === same(shared),
      `iframe state differs: ${same(got.state.value || {}).slice(0, 300)}`);
    assert(got.readyState && got.readyState.trace === undefined, 'the ready event carries the whole trace');
    assert(got.stepped.ok && got.stepped.value.step === 2, `setStep over postMessage: ${JSON.stringify(got.stepped).slice(0, 200)}`);
    assert(!got.refused.ok && /99/.test(got.refused.error), `setStep(99): ${JSON.stringify(got.refused)}`);
    assert(!got.unknown.ok && /unknown method/.test(got.unknown.error), `eval: ${JSON.stringify(got.unknown)}`);
    assert(got.events.includes('step'), `events from the iframe: ${got.events}`);
    assertNoProblems(host);
    await host.context().close();
    await holder.close();
  });

  // [query, what the notice must mention, what must still apply]
  const hostile = [
    ['scene=nosuch&step=2', /unknown scene 'nosuch'/, { scene: 'self-attention', step: 2 }],
    ['scene=multi-head&step=99', /step 99 is out of range/, { scene: 'multi-head', step: 1 }],
    ['scene=self-attention&step=abc&lang=zh', /not a whole number/, { step: 1, lang: 'zh' }],
    ['step=-3', /not a whole number/, { step: 1 }],
    ['lang=fr&step=4', /unknown language 'fr'/, { lang: 'en', step: 4 }],
    ['scene=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E', /unknown scene '<script>/, { scene: 'self-attention' }],
    ['scene=%22%3E%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E', /unknown scene/, {}],
    ['scene=javascript:window.__pwned=1', /unknown scene/, {}],
    ['state=v1.!!!not-base64', /not valid base64url/, {}],
    ['state=v1.' + Buffer.from('{"scene":"self-attention","inputs":').toString('base64url'), /not valid JSON/, {}],
    ['state=v1.' + Buffer.from('{"scene":"self-attention","inputs":{"x":[[1,2],[3]],"W_key":"<b>","scaled":true}}')
      .toString('base64url'), /input 'x' was refused.*input 'W_key' was refused/, {}],
    ['state=v1.' + Buffer.from(JSON.stringify({ scene: 'self-attention', inputs: { x: Array(9).fill([1, 2, 3, 4]) } }))
      .toString('base64url'), /9 rows/, {}],
    ['step=%ZZ&scene=%E0%A4', /not a whole number.*unknown scene|unknown scene.*not a whole number/, {}],
  ];
  const embed = await openPage(browser);
  embed.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const injected = async () => {
    const pwned = await embed.evaluate(() => window.__pwned);
    assert(pwned === undefined, 'injected script ran');
    assert(await embed.evaluate(() => document.querySelectorAll('img, script:not([src])').length) === 0,
      'markup from the query reached the DOM');
  };
  // embed.html reads its own location.search; figures on one page take the same raw query
  // through VitPlay.create({query}) (one wasm compile for all of them: fast)
  for (const [query, mentions, applied] of hostile.slice(5, 8)) {
    await test(`embed.html?${query.slice(0, 60)}: refused with a notice`, async () => {
      await embed.goto(`${url}embed.html?${query}`, { waitUntil: 'load' });
      const s = await figureState(embed, '#figure');
      assert(mentions.test(s.notice), `notice "${s.notice.slice(0, 300)}" does not match ${mentions}`);
      for (const [k, v] of Object.entries(applied)) assert(s[k] === v, `${k} is ${s[k]}, expected ${v}`);
      await nextFrames(embed, 2);
      const live = await embed.evaluate(() => document.querySelector('[aria-live]').textContent);
      assert(live.includes('Refused'), `aria-live text "${live.slice(0, 120)}"`);
      await injected();
      assertNoProblems(embed);
    });
  }
  const batch = hostile.slice(0, 5).concat(hostile.slice(8));  // the other three went through embed.html above
  await test('every other hostile query is refused parameter by parameter, with a notice', async () => {
    const states = await embed.evaluate(async (queries) => {
      const out = [];
      for (const q of queries) {
        const el = document.createElement('div');
        document.body.appendChild(el);
        const fig = VitPlay.create(el, { query: q });
        await fig.ready;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        out.push(fig.getState());
        fig.destroy();
        el.remove();
      }
      return out;
    }, batch.map((h) => h[0]));
    batch.forEach(([query, mentions, applied], i) => {
      const s = states[i];
      assert(mentions.test(s.notice), `${query.slice(0, 60)}: notice "${s.notice.slice(0, 300)}" does not match ${mentions}`);
      for (const [k, v] of Object.entries(applied)) assert(s[k] === v, `${query.slice(0, 60)}: ${k} is ${s[k]}, expected ${v}`);
    });
    await injected();
    assertNoProblems(embed);
  });

  // A URL that long is refused by the server itself (Node's 16 KB header limit, Python's
  // 64 KB request line): the same parser is reached through VitPlay.create's options.
  await test('a 100 KB state is refused with a notice, the other options still apply', async () => {
    await embed.goto(`${url}embed.html?scene=multi-head`, { waitUntil: 'load' });
    await figureState(embed, '#figure');
    const s = await embed.evaluate(async () => {
      const el = document.createElement('div');
      el.id = 'huge';
      document.body.appendChild(el);
      const fig = VitPlay.create(el, { scene: 'positional-encoding', step: 3, state: 'v1.' + 'A'.repeat(100 * 1024) });
      await fig.ready;
      return fig.getState();
    });
    assert(/longer than 16384 characters/.test(s.notice), `notice "${s.notice.slice(0, 200)}"`);
    assert(s.scene === 'positional-encoding' && s.step === 3, `state ${s.scene} ${s.step}`);
    assertNoProblems(embed);
  });

  await test('the refused queries opened no dialog', async () => assert(dialogs.length === 0, `dialogs: ${dialogs}`));
}, { timeoutMs: 110000 });
