// Whole words from real models (words/fillWords.ts, words/completeWords.ts), each number checked
// against an independent reference: the unpatched ONNX graph run here on plain ids, its logits
// soft-maxed in float64. Mask Word on a word the embedded encoder splits into two pieces (found at
// test time, so a retrained model changes nothing) gets whole words, scored as the product of
// the pieces' probabilities, left to right; Next Word's candidates are completed to a word boundary
// with the probability of their pieces, and the key/value-cache path agrees with recomputing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { prepareInput } from '../../../src/engine/analyze';
import { Engine } from '../../../src/engine/engine';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { MAX_STEPS, wantsMore } from '../../../src/engine/words/completeWords';
import { fillWords } from '../../../src/engine/words/fillWords';
import { pieceText } from '../../../src/engine/words/pieces';
import { fixture, scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
after(() => engine.dispose());

const WORD = /^[\p{L}\p{N}\p{M}_]+(?:['’-][\p{L}\p{N}\p{M}_]+)*$/u;

/** log-softmax of the unpatched graph's logits at `position`, for `ids` (batch 1, float64). */
async function referenceLogP(folder: string, ids: readonly number[], position: number): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(path.join(folder, 'onnx', 'model.onnx'));
  const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8')) as Record<string, number>;
  const heads = config.n_head ?? config.num_attention_heads;
  const hd = (config.n_embd ?? config.hidden_size) / heads;
  const T = ids.length;
  const feeds: Record<string, ort.Tensor> = {};
  for (const n of session.inputNames) {
    if (n === 'input_ids') feeds[n] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, T]);
    else if (n === 'attention_mask') feeds[n] = new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]);
    else if (n === 'token_type_ids') feeds[n] = new ort.Tensor('int64', new BigInt64Array(T), [1, T]);
    else if (n === 'position_ids')
      feeds[n] = new ort.Tensor(
        'int64',
        BigInt64Array.from(ids, (_, i) => BigInt(i)),
        [1, T],
      );
    else feeds[n] = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, hd]);
  }
  const out = await session.run(feeds, ['logits']);
  await session.release();
  const V = Number(out.logits.dims[2]);
  const row = (out.logits.data as Float32Array).subarray(position * V, (position + 1) * V);
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(row, (v) => v - lse);
}

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-4 * Math.max(a, b) + 1e-9, `${what}: ${a} vs ${b}`);

describe('Mask Word: whole-word fillers', () => {
  const folder = embeddedModel(EMBEDDED_ENCODER);
  const text = 'The river bank was steep, so we sat on the grass and watched the water flow past the old mill.';

  it('a word of two pieces gets whole words, each scored as its pieces’ joint probability', async () => {
    const model = await engine.load(folder);
    const plain = await engine.analyze(folder, { text });
    // A word of exactly two pieces, found with this model's tokenizer.
    const byWord = new Map<number, number[]>();
    plain.tokens.forEach((t, i) => t.word !== null && byWord.set(t.word, [...(byWord.get(t.word) ?? []), i]));
    const two = [...byWord.values()].find((g) => {
      if (g.length !== 2) return false;
      const w = text.slice(plain.tokens[g[0]].start!, plain.tokens[g[1]].end!).trim();
      return /^[a-z]{3,}$/.test(w);
    });
    assert.ok(two, 'the sentence has a word of two pieces');
    const start = text.indexOf(text.slice(plain.tokens[two[0]].start!, plain.tokens[two[1]].end!).trim(), plain.tokens[two[0]].start!);
    const word = text.slice(start, plain.tokens[two[1]].end!);
    const request = { text, maskChars: [{ start, end: start + word.length }], scores: true };
    const [fill] = await engine.fillWords(folder, request, [0], { limit: 10 });
    assert.equal(fill.pieces, 2);
    assert.ok(fill.fillers.length >= 3, JSON.stringify(fill.fillers));
    const pieces = pieceText(model);
    const lead = /^\s*/.exec(pieces.after(two.map((i) => plain.tokens[i].id)))![0];
    for (const f of fill.fillers) {
      assert.match(f.text.trim(), WORD, `a whole word: ${JSON.stringify(f.text)}`);
      assert.ok(f.text.startsWith(lead) && !/^\s/.test(f.text.slice(lead.length)), `keeps the word's own leading space: ${JSON.stringify(f.text)}`);
    }
    for (let i = 1; i < fill.fillers.length; i++) assert.ok(fill.fillers[i - 1].p >= fill.fillers[i].p, 'most likely first');
    // Every filler's probability, recomputed from the plain graph: L masks, then left to right.
    const input = prepareInput(model, request);
    const maskId = input.maskId!;
    const first = input.groups[0][0];
    for (const f of fill.fillers.slice(0, 5)) {
      const ids = [...input.ids.slice(0, first), ...f.ids.map(() => maskId), ...input.ids.slice(first + 2)];
      let logP = 0;
      for (let j = 0; j < f.ids.length; j++) {
        logP += (await referenceLogP(folder, ids, first + j))[f.ids[j]];
        ids[first + j] = f.ids[j];
      }
      close(f.p, Math.exp(logP), `p(${JSON.stringify(f.text)})`);
    }
  });

  it('a word of many pieces: prefixes that cannot join the list run no model, and the list is the same', async () => {
    const model = await engine.load(folder);
    const sentence = 'The value river53665 was returned by the function before the loop ended.';
    const start = sentence.indexOf('river53665');
    const request = { text: sentence, maskChars: [{ start, end: start + 'river53665'.length }] };
    const rows = { count: 0 };
    const run = model.session.run.bind(model.session);
    const counted = (async (feeds: Record<string, ort.Tensor>, ...rest: unknown[]) => {
      rows.count += Number(feeds.input_ids.dims[0]);
      return (run as (...a: unknown[]) => unknown)(feeds, ...rest);
    }) as typeof model.session.run;
    model.session.run = counted;
    try {
      const all = await fillWords(model, request, [0], { limit: 10 }, undefined, false);
      const unpruned = rows.count;
      rows.count = 0;
      const pruned = await fillWords(model, request, [0], { limit: 10 });
      assert.ok(all[0].pieces >= 3, `a word of ${all[0].pieces} pieces`);
      assert.deepEqual(pruned, all, 'the same fillers, probabilities and order');
      assert.ok(rows.count < unpruned, `${rows.count} rows run, against ${unpruned} without the floor`);
    } finally {
      model.session.run = run;
    }
  });

  it('leaves out what cannot stand for a word, which the token-level fillers of the same mask include', async () => {
    const start = text.indexOf('sat');
    const request = { text, maskChars: [{ start, end: start + 3 }], scores: true, topK: 20 };
    const [fill] = await engine.fillWords(folder, request, [0], { limit: 20 });
    const tokens = (await engine.analyze(folder, request)).predictions.masked[0].top.map((c) => c.token);
    assert.ok(
      tokens.some((tok) => !WORD.test(tok.trim()) || tok.trim() === ''),
      `the token list has pieces that are no word: ${JSON.stringify(tokens)}`,
    );
    assert.ok(fill.fillers.every((f) => WORD.test(f.text.trim())));
  });
});

describe('Next Word: completed to a word boundary', () => {
  it('extends a first piece while the model’s next piece glues to it, with the joint probability of the pieces', async () => {
    const folder = embeddedModel(EMBEDDED_DECODER);
    const model = await engine.load(folder);
    const pieces = pieceText(model);
    const prompt = 'Fui al ban'; // inside banco, which this vocabulary cuts as ban|co
    const words = await engine.completeWords(folder, { text: prompt, scores: true }, { limit: 10 });
    const analysis = await engine.analyze(folder, { text: prompt, topK: 10 });
    assert.ok(words.length >= 5);
    const ids = prepareInput(model, { text: prompt }).ids;
    let exact = 0;
    const checked = words.slice(0, 6);
    for (const w of checked) {
      const steps: number[] = [];
      for (let j = 0; j < w.ids.length; j++) steps.push((await referenceLogP(folder, [...ids, ...w.ids.slice(0, j)], ids.length + j - 1))[w.ids[j]]);
      // The first piece's probability is the analysis's next-token probability (one distribution, one truth).
      const first = analysis.predictions.next.find((c) => c.id === w.ids[0]);
      assert.ok(first, `the first piece of ${JSON.stringify(w.text)} is a next-token candidate`);
      close(first.p, Math.exp(steps[0]), `first piece of ${JSON.stringify(w.text)}`);
      // The word's probability is its pieces' joint one (or more, where two paths spell the same text).
      const joint = Math.exp(steps.reduce((a, b) => a + b, 0));
      const same = Math.abs(w.p - joint) <= 1e-4 * joint;
      assert.ok(same || w.p > joint, `p(${JSON.stringify(w.text)}) = ${w.p}, its pieces' ${joint}`);
      if (same) exact++;
      // It stopped at a boundary: the plain graph's most likely next piece does not glue to the word.
      const next = await referenceLogP(folder, [...ids, ...w.ids], ids.length + w.ids.length - 1);
      let best = 0;
      for (let v = 1; v < next.length; v++) if (next[v] > next[best]) best = v;
      const added = pieces.after([...w.ids, best]).slice(pieces.after(w.ids).length);
      const endsInWord = /[\p{L}\p{N}_]$/u.test(w.text) && !/\n/.test(w.text);
      if (endsInWord && w.ids.length <= MAX_STEPS)
        assert.ok(!/^[\p{L}\p{N}_]/u.test(added), `${JSON.stringify(w.text)} + ${JSON.stringify(added)} would still be one word`);
    }
    assert.ok(exact >= checked.length - 1, `${exact} of ${checked.length} are exactly their pieces' joint probability`);
    assert.ok(
      words.some((w) => w.ids.length > 1),
      `some next word takes several pieces with this prompt: ${JSON.stringify(words.map((w) => w.text))}`,
    );
  });

  it('never offers a word with half a character: a split letter is completed by a piece that finishes it, or left out', async () => {
    // Inside a Hebrew word the model's first pieces are half letters (two-byte UTF-8 cut in two), and
    // its most likely next piece is often not their other half: " BOX" glued to a half letter read
    // "\uFFFD BOX", offered as a word and inserted as a replacement character.
    const folder = embeddedModel(EMBEDDED_DECODER);
    for (const text of ['x = "مرحبا بالعالم" # שלו', 'x = "مرحبا بالعالم" # שלום עול', 'x = "مرحبا بالعالم" # ']) {
      const words = await engine.completeWords(folder, { text }, { limit: 10 });
      assert.ok(words.length > 0, `some next word after ${JSON.stringify(text)}`);
      for (const w of words) assert.ok(!w.text.includes('\uFFFD'), `${JSON.stringify(w.text)} after ${JSON.stringify(text)}`);
    }
  });

  it('never offers as a whole word one the search stopped inside: a loop like "tokens_tokens_tokens_tokens"', async () => {
    // After "some_" in Python or a half-typed identifier, the weak model's glued pieces repeat
    // ("tokens_tokens_tokens_…", "_value_value_value_") until the steps ran out, and the list offered
    // that cut-off text as a word "completed by the model".
    const folder = embeddedModel(EMBEDDED_DECODER);
    for (const text of ['my_var = some_', 'let total = 0;\nreturn total / value']) {
      const words = await engine.completeWords(folder, { text }, { limit: 10 });
      assert.ok(words.length > 0, `some next word after ${JSON.stringify(text)}`);
      const cut = words.filter((w) => w.ids.length > MAX_STEPS && wantsMore(w.text));
      assert.deepEqual(
        cut.map((w) => w.text),
        [],
        `after ${JSON.stringify(text)}`,
      );
    }
  });

  it('the key/value cache gives what recomputing the whole text gives (a merged decoder of the same weights)', async () => {
    const text = 'function add(a, b) {\n  return a + b;\n}\n\nfunction mul';
    const cached = await engine.completeWords(fixture('tiny-gpt2'), { text }, { limit: 8 });
    const recomputed = await engine.completeWords(fixture('tiny-gpt2-merged'), { text }, { limit: 8 });
    assert.deepEqual(
      cached.map((w) => w.text),
      recomputed.map((w) => w.text),
    );
    cached.forEach((w, i) => close(w.p, recomputed[i].p, JSON.stringify(w.text)));
  });
});

describe('whole-word searches: cancelled between model runs', () => {
  // A search takes several model runs (seconds on a slow model); a cancel used to wait for the end.
  for (const [name, search] of [
    [
      'Mask Word',
      (signal: AbortSignal) =>
        engine.fillWords(
          embeddedModel(EMBEDDED_ENCODER),
          { text: 'The cat sat on the mat.', maskChars: [{ start: 8, end: 11 }] },
          [0],
          { limit: 10 },
          undefined,
          signal,
        ),
    ],
    ['Next Word', (signal: AbortSignal) => engine.completeWords(embeddedModel(EMBEDDED_DECODER), { text: 'Fui al ban' }, { limit: 10 }, undefined, signal)],
  ] as const) {
    it(`${name}: a cancel during the search ends it as cancelled`, async () => {
      await search(new AbortController().signal); // loaded, so the cancel falls inside the search
      const controller = new AbortController();
      const running = search(controller.signal);
      setImmediate(() => controller.abort());
      await assert.rejects(running, (error: Error & { code?: string }) => error.code === 'cancelled');
    });

    it(`${name}: a cancel during a model run starts no other run`, async () => {
      // A cancelled Mask Word or Next Word must not run its search to its end: the run in flight is
      // the last one (each costs seconds on a large model).
      const model = await engine.load(embeddedModel(name === 'Mask Word' ? EMBEDDED_ENCODER : EMBEDDED_DECODER));
      const session = model.session as { run: (...args: unknown[]) => Promise<unknown> };
      const run = session.run.bind(session);
      const controller = new AbortController();
      let runs = 0;
      session.run = (...args) => {
        runs++;
        controller.abort(); // during the search's first model run
        return run(...args);
      };
      try {
        await assert.rejects(search(controller.signal), (error: Error & { code?: string }) => error.code === 'cancelled');
        assert.equal(runs, 1, 'model runs after the cancel');
      } finally {
        session.run = run;
      }
    });
  }
});
