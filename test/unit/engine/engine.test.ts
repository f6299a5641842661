// The engine end to end on the fixtures: attention invariants, predictions against a JavaScript
// recomputation from the full logits, masking, windowing, and typed errors for bad input.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { attentionAt, MAX_CANDIDATES, type AnalysisResult } from '../../../src/protocol/analysis';
import { asAttentionLayer } from '../../../src/engine/analyze';
import { Engine } from '../../../src/engine/engine';
import { EngineError } from '../../../src/engine/errors';
import { headsFromLogits } from '../../../src/engine/predictions';
import { fixture, scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
after(() => engine.dispose());

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof EngineError, `expected EngineError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

function rowSums(result: AnalysisResult): number[] {
  const { layers, heads, length } = result.attention;
  const sums: number[] = [];
  for (let l = 0; l < layers; l++)
    for (let h = 0; h < heads; h++)
      for (let q = 0; q < length; q++) {
        let s = 0;
        for (let k = 0; k < length; k++) s += attentionAt(result.attention, l, h, q, k);
        sums.push(s);
      }
  return sums;
}

/** Logits of the unpatched model, for checking the in-graph heads. */
async function plainLogits(name: string, ids: readonly number[], typeIds?: readonly number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(path.join(fixture(name), 'onnx', 'model.onnx'));
  const T = ids.length;
  const feeds: Record<string, ort.Tensor> = {};
  const config = JSON.parse(readFileSync(path.join(fixture(name), 'config.json'), 'utf8'));
  const heads = config.n_head ?? config.num_attention_heads;
  const hd = (config.n_embd ?? config.hidden_size) / heads;
  for (const n of session.inputNames) {
    if (n === 'input_ids') feeds[n] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, T]);
    else if (n === 'attention_mask') feeds[n] = new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]);
    else if (n === 'token_type_ids') feeds[n] = new ort.Tensor('int64', BigInt64Array.from(typeIds ?? ids.map(() => 0), BigInt), [1, T]);
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
  return out.logits.data as Float32Array;
}

describe('Engine.analyze with an encoder (tiny-bert)', () => {
  const model = fixture('tiny-bert');
  const text = 'The river [MASK] was steep.';

  it('returns tokens with exact offsets, attention rows that sum to 1, and the mask filled', async () => {
    const r = await engine.analyze(model, { text, topK: 5 });
    assert.equal(r.model.kind, 'encoder');
    assert.equal(r.tokens[0].text, '[CLS]');
    assert.equal(r.tokens[0].start, null);
    for (const t of r.tokens) if (!t.special) assert.equal(text.slice(t.start as number, t.end as number).toLowerCase(), t.text.replace(/^##/, ''));
    const maskPos = r.tokens.findIndex((t) => t.text === '[MASK]');
    assert.equal(text.slice(r.tokens[maskPos].start as number, r.tokens[maskPos].end as number), '[MASK]');
    for (const s of rowSums(r)) assert.ok(Math.abs(s - 1) < 1e-5, `row sum ${s}`);
    assert.equal(r.predictions.masked.length, 1);
    assert.equal(r.predictions.masked[0].position, maskPos);
    assert.equal(r.predictions.masked[0].top.length, 5);
  });

  it('computes masked predictions equal to a softmax over the full logits', async () => {
    const r = await engine.analyze(model, { text, topK: 5 });
    const ids = r.tokens.map((t) => t.id);
    const logits = await plainLogits('tiny-bert', ids);
    const vocab = logits.length / ids.length;
    const expected = headsFromLogits(logits, ids.length, vocab, 5, null);
    const pos = r.predictions.masked[0].position;
    r.predictions.masked[0].top.forEach((c, j) => {
      assert.equal(c.id, expected.topIndices[pos * 5 + j]);
      assert.ok(Math.abs(c.p - Math.exp(expected.topValues[pos * 5 + j] - expected.logSumExp[pos])) < 1e-5);
    });
  });

  it('lists as many candidates as a request may ask for (MAX_CANDIDATES), not fewer', async () => {
    // The setting and the panel's Next Word allow MAX_CANDIDATES; the graph used to keep 20.
    const r = await engine.analyze(model, { text, topK: MAX_CANDIDATES });
    assert.equal(r.predictions.masked[0].top.length, MAX_CANDIDATES);
    const beyond = await engine.analyze(model, { text, topK: MAX_CANDIDATES + 10 });
    assert.equal(beyond.predictions.masked[0].top.length, MAX_CANDIDATES, 'capped at the same number');
  });

  it('maps [UNK] to the characters it replaced and does not call it special', async () => {
    const text = 'the ☃☃ bank';
    const r = await engine.analyze(model, { text });
    const unk = r.tokens.find((t) => t.text === '[UNK]');
    assert.ok(unk, JSON.stringify(r.tokens.map((t) => t.text)));
    assert.equal(unk.special, false);
    assert.equal(text.slice(unk.start as number, unk.end as number), '☃☃');
  });

  it('masks requested positions and keeps the original token text', async () => {
    const r = await engine.analyze(model, { text: 'the river bank', mask: [2], topK: 3 });
    assert.equal(r.tokens[2].masked, true);
    assert.equal(r.tokens[2].text, 'river');
    assert.deepEqual(
      r.predictions.masked.map((m) => m.position),
      [2],
    );
  });

  it('masks by character range: every token overlapping it, and refuses a range with no token', async () => {
    const text = 'the river bank';
    const r = await engine.analyze(model, { text, maskChars: [{ start: 4, end: 9 }], topK: 3 });
    assert.deepEqual(
      r.tokens.flatMap((t, i) => (t.masked ? [i] : [])),
      [2],
    );
    assert.deepEqual(
      r.predictions.masked.map((m) => m.position),
      [2],
    );
    const partial = await engine.analyze(model, { text, maskChars: [{ start: 6, end: 11 }] });
    assert.deepEqual(
      partial.tokens.flatMap((t) => (t.masked ? [t.text] : [])),
      ['river', 'bank'],
      'a range cutting into two words masks both',
    );
    await rejectsWith(engine.analyze(model, { text: 'the  river', maskChars: [{ start: 3, end: 4 }] }), 'bad-input', /no token/);
    // A character a word-piece tokenizer drops (U+FFFD, a control): the message names it and says why.
    await rejectsWith(
      engine.analyze(model, { text: 'the \uFFFD river', maskChars: [{ start: 4, end: 5 }] }),
      'bad-input',
      /no token of the analyzed text lies in characters 4–5 \(“\uFFFD”\): the model’s tokenizer leaves them out; mask a word beside them/,
    );
  });

  it("refuses to mask a token the tokenizer adds ([CLS], [SEP]): it stands for no text, and its 'fillers' mean nothing", async () => {
    const r = await engine.analyze(model, { text: 'the river bank' });
    const last = r.tokens.length - 1;
    await rejectsWith(engine.analyze(model, { text: 'the river bank', mask: [0] }), 'bad-input', /^mask position 0 is \[CLS\], a token the tokenizer adds/);
    await rejectsWith(engine.analyze(model, { text: 'the river bank', mask: [2, last] }), 'bad-input', new RegExp(`^mask position ${last} is \\[SEP\\]`));
  });

  it('analyzes only the requested range, with offsets into the whole text', async () => {
    const whole = 'ignored prefix. the river bank. ignored suffix';
    const start = whole.indexOf('the');
    const end = whole.indexOf(' ignored suffix');
    const r = await engine.analyze(model, { text: whole, range: { start, end } });
    assert.deepEqual(r.analyzed, { start, end });
    const spans = r.tokens.filter((t) => !t.special);
    assert.equal(spans[0].start, start);
    assert.equal(spans.at(-1)?.end, end);
  });

  it('windows text longer than the maximum positions around the focus, with a notice', async () => {
    const long = Array.from({ length: 120 }, (_, i) => (i === 90 ? 'river' : 'the')).join(' ');
    const focus = long.indexOf('river');
    const r = await engine.analyze(model, { text: long, focus });
    assert.ok(r.tokens.length <= r.model.maxPositions);
    assert.ok(r.analyzed.start <= focus && focus < r.analyzed.end, JSON.stringify(r.analyzed));
    assert.deepEqual(r.window && { limit: r.window.limit, tokens: r.window.tokens }, { limit: 64, tokens: r.tokens.length });
    assert.ok(r.window!.total > 64);
  });

  it('returns scores before softmax on request, and softmax of them is the probabilities', async () => {
    const r = await engine.analyze(model, { text: 'the river bank', scores: true });
    const { scores, length: T } = r.attention;
    assert.ok(scores);
    const row = Array.from((scores[1] as Float32Array).subarray(T, 2 * T));
    const max = Math.max(...row);
    const z = row.reduce((a, x) => a + Math.exp(x - max), 0);
    row.forEach((x, k) => assert.ok(Math.abs(Math.exp(x - max) / z - attentionAt(r.attention, 1, 0, 1, k)) < 1e-5));
  });

  it('gives the same attention in float16 within half precision', async () => {
    const half = new Engine({ cacheDir: scratch(), precision: 'float16' });
    try {
      const a = await engine.analyze(model, { text });
      const b = await half.analyze(model, { text });
      assert.equal(b.attention.precision, 'float16');
      const T = a.attention.length;
      for (let k = 0; k < T; k++) assert.ok(Math.abs(attentionAt(a.attention, 1, 2, 3, k) - attentionAt(b.attention, 1, 2, 3, k)) < 1e-3);
    } finally {
      await half.dispose();
    }
  });
});

describe('Engine.analyze with a decoder (tiny-gpt2)', () => {
  const model = fixture('tiny-gpt2');
  const text = 'function add(a, b) {\n  return a + b;\n}';

  it('has a causal mask: the upper triangle is exactly 0', async () => {
    const r = await engine.analyze(model, { text });
    const { layers, heads, length } = r.attention;
    for (let l = 0; l < layers; l++)
      for (let h = 0; h < heads; h++)
        for (let q = 0; q < length; q++)
          for (let k = q + 1; k < length; k++) {
            assert.equal(attentionAt(r.attention, l, h, q, k), 0);
          }
    for (const s of rowSums(r)) assert.ok(Math.abs(s - 1) < 1e-5);
  });

  it('gives each token its probability, rank and surprisal from the preceding context', async () => {
    const r = await engine.analyze(model, { text, topK: 4 });
    const ids = r.tokens.map((t) => t.id);
    const logits = await plainLogits('tiny-gpt2', ids);
    const V = logits.length / ids.length;
    assert.equal(r.predictions.perToken.length, ids.length - 1);
    for (const s of r.predictions.perToken) {
      const row = logits.subarray((s.position - 1) * V, s.position * V);
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((a, x) => a + Math.exp(x - max), 0));
      const p = Math.exp(row[ids[s.position]] - lse);
      assert.ok(Math.abs(s.p - p) < 1e-5, `p at ${s.position}`);
      assert.equal(s.rank, 1 + row.filter((x) => x > row[ids[s.position]]).length);
      assert.ok(Math.abs(s.surprisal + Math.log2(p)) < 1e-4);
    }
    assert.equal(r.predictions.next.length, 4);
    const last = logits.subarray((ids.length - 1) * V);
    assert.equal(r.predictions.next[0].id, last.indexOf(Math.max(...last)));
  });

  it('refuses to mask with a decoder', async () => {
    await rejectsWith(engine.analyze(model, { text, mask: [1] }), 'bad-input', /needs an encoder/);
  });
});

describe('Engine errors', () => {
  it('rejects empty text, whitespace, ranges outside the text, and empty or reversed ranges each with its own message', async () => {
    await rejectsWith(engine.analyze(fixture('tiny-bert'), { text: '' }), 'bad-input', /empty/);
    await rejectsWith(engine.analyze(fixture('tiny-bert'), { text: ' \n\t ' }), 'bad-input', /whitespace/);
    await rejectsWith(
      engine.analyze(fixture('tiny-bert'), { text: 'abc', range: { start: 2, end: 9 } }),
      'bad-input',
      /^range 2–9 is not inside the text \(0–3\)$/,
    );
    await rejectsWith(
      engine.analyze(fixture('tiny-bert'), { text: 'abc', range: { start: 1, end: 1 } }),
      'bad-input',
      /^range 1–1 is empty: it holds no character$/,
    );
    await rejectsWith(engine.analyze(fixture('tiny-bert'), { text: 'abc', range: { start: 2, end: 1 } }), 'bad-input', /^range 2–1 ends before it starts$/);
    await rejectsWith(engine.analyze(fixture('tiny-bert'), { text: 'abc', mask: [99] }), 'bad-input', /mask position 99/);
  });

  it('widens a range whose edge splits a surrogate pair to the whole character (half of one is no text)', async () => {
    const text = 'ab 😀 cd 👨‍👩‍👧 ef'; // 😀 is units 3–5; the family starts at unit 9 with its own pair
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const [model, start, end, want] of [
      ['tiny-gpt2', 4, 5, [3, 5]],
      ['tiny-gpt2', 0, 4, [0, 5]],
      // 10 splits the man's pair; the whole character is the family (to 17), not the man alone (rangeGraphemes.test.ts).
      ['tiny-bert', 4, 10, [3, 17]],
    ] as const) {
      const r = await engine.analyze(fixture(model), { text, range: { start, end } });
      assert.deepEqual([r.analyzed.start, r.analyzed.end], want, `${model} ${start}–${end}`);
      for (const t of r.tokens)
        if (t.start !== null && t.end !== null) assert.doesNotMatch(text.slice(t.start, t.end), lone, `${model} ${start}–${end}: ${t.text}`);
    }
  });

  it('widens a range whose edge falls between the CR and the LF of a Windows line end, as inside a surrogate pair', async () => {
    const text = 'one\r\ntwo\r\nthree'; // the first CRLF is units 3–5, the second 8–10
    for (const [start, end, want] of [
      [4, 13, [3, 13]],
      [0, 9, [0, 10]],
      [4, 9, [3, 10]],
    ] as const) {
      const r = await engine.analyze(fixture('tiny-gpt2'), { text, range: { start, end } });
      assert.deepEqual([r.analyzed.start, r.analyzed.end], want, `${start}–${end}`);
    }
  });

  it('names a missing folder, missing files, an unknown architecture and a corrupt ONNX file', async () => {
    const dir = scratch();
    await rejectsWith(engine.analyze(path.join(dir, 'nope'), { text: 'x' }), 'file-not-found', /not found/);
    const noOnnx = path.join(dir, 'no-onnx');
    cpSync(fixture('tiny-bert'), noOnnx, { recursive: true, filter: (src) => !src.endsWith('.onnx') });
    await rejectsWith(engine.analyze(noOnnx, { text: 'x' }), 'model-files-missing', /onnx\/model\.onnx/);
    const alien = path.join(dir, 'alien');
    cpSync(fixture('tiny-bert'), alien, { recursive: true });
    writeFileSync(path.join(alien, 'config.json'), JSON.stringify({ model_type: 'wav2vec2', architectures: ['Wav2Vec2ForCTC'] }));
    await rejectsWith(engine.analyze(alien, { text: 'x' }), 'unsupported-architecture', /wav2vec2/);
    const corrupt = path.join(dir, 'corrupt');
    cpSync(fixture('tiny-bert'), corrupt, { recursive: true });
    const onnxFile = path.join(corrupt, 'onnx', 'model.onnx');
    writeFileSync(onnxFile, readFileSync(onnxFile).subarray(0, 5000));
    await rejectsWith(engine.analyze(corrupt, { text: 'x' }), 'model-corrupt', /model\.onnx/);
  });

  it('keeps serving after a failed request', async () => {
    await assert.rejects(engine.analyze(fixture('tiny-bert'), { text: '' }));
    const r = await engine.analyze(fixture('tiny-bert'), { text: 'still here' });
    assert.ok(r.tokens.length > 2);
  });
});

describe('asAttentionLayer', () => {
  it('reinterprets a float16 array of another type (Node 22+ gives Float16Array) as Uint16Array bits, without copying', () => {
    class Float16Like extends Uint16Array {}
    const data = new Float16Like([0x3c00, 0x3800]);
    const layer = asAttentionLayer(data, 'float16');
    assert.equal(layer.constructor, Uint16Array);
    assert.equal(layer.buffer, data.buffer);
    assert.deepEqual([...layer], [0x3c00, 0x3800]);
    const plain = new Uint16Array(2);
    assert.equal(asAttentionLayer(plain, 'float16'), plain);
    assert.throws(() => asAttentionLayer(new Float64Array(2), 'float32'), /Float64Array/);
  });
});
