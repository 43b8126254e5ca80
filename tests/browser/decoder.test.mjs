// The decoder scene runs the trained numbers-translator from the preloaded /models: its
// greedy translation, teacher-forced predictions and attention maps in getState(), the
// causal mask in the self-attention, cross-attention rows over the English words, and the
// article's example one click away. Screenshots of steps 4 and 7 go to build/test-shots/web-decoder/.
import { run, test, assert, openPage, loadApp, nextFrames, shoot, blankReason, assertNoProblems, api, getState }
  from './lib.mjs';

await run('browser decoder', async ({ browser, url }) => {
  const page = await openPage(browser, { viewport: { width: 1280, height: 800 } });
  await test('loads, the decoder scene has the trained translator', async () => {
    await loadApp(page, url);
    const r = await api(page, 'setScene', 'decoder');
    assert(r.ok, `setScene refused: ${r.error}`);
    const s = await getState(page);
    assert(s.mode === 'numbers' && s.untrained === false, `mode ${s.mode}, untrained ${s.untrained}`);
    assert(s.model_error === '' && s.error === '', `errors: ${s.model_error} ${s.error}`);
  });

  await test('greedy translation and teacher forcing give the reference numeral', async () => {
    const s = await getState(page);
    assert(s.inputs.english === 'three thousand four hundred five', `input ${s.inputs.english}`);
    assert(s.reference === '三千四百零五', `reference ${s.reference}`);
    assert(s.translation === s.reference, `greedy wrote ${s.translation}`);
    assert(s.teacher_forced === s.reference, `teacher forcing predicted ${s.teacher_forced}`);
    assert(s.inference.length === 7, `${s.inference.length} greedy passes (6 characters + </s>)`);
    s.inference.forEach((p, t) => assert(p.input_ids.length === t + 1, `pass ${t} read ${p.input_ids.length} tokens`));
  });

  await test('attention maps: causal self-attention, cross-attention over the English words', async () => {
    const s = await getState(page);
    const rows = s.inputs.target_input.length, words = s.inputs.source.length;
    assert(rows === 7 && words === 5, `${rows} target rows, ${words} source words`);
    assert(s.self_attention.length === 4 && s.cross_attention.length === 4, 'four heads each');
    for (const w of s.self_attention) {
      assert(w.length === rows && w.every((r) => r.length === rows), `self-attention shape ${w.length}x${w[0] && w[0].length}`);
      w.forEach((row, i) => row.forEach((v, j) => assert(j <= i || v < 1e-6, `weight (${i}, ${j}) = ${v} above the diagonal`)));
    }
    for (const w of s.cross_attention) {
      assert(w.length === rows && w.every((r) => r.length === words), `cross-attention shape ${w.length}x${w[0] && w[0].length}`);
      w.forEach((row) => assert(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-4, 'a row does not sum to 1'));
    }
  });

  for (const step of [4, 7]) {
    await test(`step ${step} renders`, async () => {
      assert((await api(page, 'setStep', step)).ok, 'setStep refused');
      await nextFrames(page, 2);
      const shot = await shoot(page, `web-decoder/step${step}`);
      const why = blankReason(shot);
      assert(!why, `screenshot looks blank: ${why}`);
      assertNoProblems(page, 'decoder');
    });
  }

  await test('Chinese UI renders the scene', async () => {
    assert((await api(page, 'setLang', 'zh')).ok, 'setLang refused');
    await nextFrames(page, 2);
    const shot = await shoot(page, 'web-decoder/step7-zh');
    assert(!blankReason(shot), 'blank');
    await api(page, 'setLang', 'en');
  });
});
