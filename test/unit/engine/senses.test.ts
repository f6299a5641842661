// The word lessons' engine (issue 17) against numbers computed here without it: the static row
// against the input-embedding initializer of the unpatched graph read with onnx-proto, its nearest
// vocabulary neighbours against a float64 search of that initializer; the senses' cosine matrices
// symmetric with a unit diagonal, layer 0 one vector for every occurrence of a one-token word, a
// contextual cosine against the hidden states of a plain analysis of the same window; the
// occurrences whole-word and Unicode-aware; the word-order experiment's bag of words unchanged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { analyze } from '../../../src/engine/analyze';
import { Engine } from '../../../src/engine/engine';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { embedding } from '../../../src/engine/repr/embedding';
import { senses } from '../../../src/engine/repr/senses';
import { MAX_STATIC_ROWS } from '../../../src/protocol/reprViews';
import { bagCosine, bagOfWords, shuffleWords, twoClusters, wholeWords } from '../../../src/engine/repr/sensesMath';
import { wordOrder } from '../../../src/engine/repr/wordOrder';
import { ROOT, scratch } from '../../support/paths';

const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: typeof OnnxTypes };
const engine = new Engine({ cacheDir: scratch(), precision: 'float32', threads: 1 });
after(() => engine.dispose());
const encoderRef = embeddedModel(EMBEDDED_ENCODER);
const BANCO = readFileSync(path.join(ROOT, 'test', 'fixtures', 'words', 'banco.es.txt'), 'utf8');

function initializer(file: string, name: string): { dims: number[]; values: Float32Array } {
  const model = onnx.ModelProto.decode(readFileSync(file));
  const t = (model.graph?.initializer ?? []).find((i) => i.name === name);
  assert.ok(t, `no initializer ${name}`);
  assert.equal(t.dataType, 1, 'fp32');
  const raw = new Uint8Array(t.rawData as Uint8Array);
  return { dims: (t.dims ?? []).map(Number), values: new Float32Array(raw.buffer, 0, raw.byteLength / 4) };
}

function checkMatrix(cos: Float32Array, n: number, label: string): void {
  assert.equal(cos.length, n * n);
  for (let p = 0; p < n; p++) {
    assert.ok(Math.abs(cos[p * n + p] - 1) < 1e-5, `${label}: diagonal ${p} is ${cos[p * n + p]}`);
    for (let q = 0; q < n; q++) assert.equal(cos[p * n + q], cos[q * n + p], `${label}: (${p}, ${q}) symmetric`);
  }
}

describe('whole-word occurrences', () => {
  it('match case-insensitively and whole: "banco" and "Banco", not "bancos"; accents are letters', () => {
    assert.deepEqual(
      wholeWords('El banco, Banco; bancos y subanco. BANCO', 'banco').map((o) => o.start),
      [3, 10, 35],
    );
    assert.deepEqual(wholeWords('río ríos Río desvarío', 'río'), [
      { start: 0, end: 3 },
      { start: 9, end: 12 },
    ]);
    assert.deepEqual(wholeWords('a.b a+b', 'a+b'), [{ start: 4, end: 7 }], 'regular-expression characters are literal');
    // A text written decomposed (macOS file names, some editors: "i" + U+0301) holds the same word.
    const mixed = 'el ri\u0301o, el río y los ri\u0301os';
    for (const word of ['río', 'ri\u0301o']) {
      assert.deepEqual(wholeWords(mixed, word), [
        { start: 3, end: 7 },
        { start: 12, end: 15 },
      ]);
    }
    assert.equal(wholeWords(BANCO, 'banco').length, 6);
  });

  it('two clusters are deterministic, seeded by the least similar pair, occurrence 0 in cluster 0', () => {
    const cos = Float32Array.from([1, 0.9, 0.1, 0.2, 0.9, 1, 0.2, 0.1, 0.1, 0.2, 1, 0.8, 0.2, 0.1, 0.8, 1]);
    assert.deepEqual(twoClusters(cos, 4), [0, 0, 1, 1]);
    assert.deepEqual(twoClusters(new Float32Array(9).fill(1), 3), [0, 0, 0], 'one vector: one cluster');
    // The same sentence twice: cosine 0.99953 reads as 1.000, one vector to the reader, not two senses.
    assert.deepEqual(twoClusters(Float32Array.from([1, 0.99953, 0.99953, 1]), 2), [0, 0], 'what reads as 1.000: one cluster');
  });

  it('claims two clusters only where the numbers hold them apart (mean silhouette ≥ 0.5), never for two occurrences alone', () => {
    // Two points are two points, whatever their cosine: nothing says whether they are two groups or one spread out.
    assert.deepEqual(twoClusters(Float32Array.from([1, 0.9994, 0.9994, 1]), 2), [0, 0], 'two occurrences, cosine 0.999: one cluster');
    assert.deepEqual(twoClusters(Float32Array.from([1, 0.2, 0.2, 1]), 2), [0, 0], 'two occurrences, cosine 0.2: still no grouping to claim');
    // Three occurrences of one sense, all alike (0.98–0.99, as a small model's layers give): no split off the least similar.
    const alike = Float32Array.from([1, 0.98, 0.99, 0.98, 1, 0.98, 0.99, 0.98, 1]);
    assert.deepEqual(twoClusters(alike, 3), [0, 0, 0]);
    // Two tight pairs far apart: two clusters.
    const pairs = Float32Array.from([1, 0.95, 0.3, 0.3, 0.95, 1, 0.3, 0.3, 0.3, 0.3, 1, 0.95, 0.3, 0.3, 0.95, 1]);
    assert.deepEqual(twoClusters(pairs, 4), [0, 0, 1, 1]);
  });
});

describe('static embeddings', () => {
  it('the row is the input-embedding initializer of the graph, and its neighbours are a float64 search of it', async () => {
    const model = await engine.load(encoderRef);
    const s = await embedding(model, 'return');
    const table = initializer(path.join(encoderRef, 'onnx', 'model.onnx'), s.table.name);
    assert.deepEqual(table.dims, [model.facts.vocabSize, s.table.width]);
    const width = s.table.width;
    assert.deepEqual(Array.from(s.row), Array.from(table.values.subarray(s.id * width, (s.id + 1) * width)));
    const norm = (r: number): number => Math.sqrt(Array.from(table.values.subarray(r * width, (r + 1) * width)).reduce((a, x) => a + x * x, 0));
    const scored = Array.from({ length: table.dims[0] }, (_, r) => {
      let dot = 0;
      for (let k = 0; k < width; k++) dot += table.values[s.id * width + k] * table.values[r * width + k];
      return { id: r, cosine: dot / (norm(r) * norm(s.id)) };
    })
      .filter((x) => x.id !== s.id && Number.isFinite(x.cosine))
      .sort((a, b) => b.cosine - a.cosine);
    assert.deepEqual(
      s.neighbours.map((n) => n.id),
      scored.slice(0, s.neighbours.length).map((n) => n.id),
    );
    s.neighbours.forEach((n, i) => assert.ok(Math.abs(n.cosine - scored[i].cosine) < 1e-6));
  });

  it('reads a decoder’s table too (GPT-2’s wte)', async () => {
    const model = await engine.load(embeddedModel(EMBEDDED_DECODER));
    const s = await embedding(model, 0);
    assert.equal(s.table.rows, model.facts.vocabSize);
    assert.equal(s.neighbours.length, 8);
  });
});

describe('word senses', () => {
  it('"banco" by the river and at the bank: one matrix per layer of the stream, symmetric with a unit diagonal', async () => {
    const model = await engine.load(encoderRef);
    const r = await senses(model, { text: BANCO, word: 'banco' });
    assert.equal(r.found, 6);
    assert.equal(r.occurrences.length, 6);
    assert.equal(r.layers.length, model.facts.layers + 1);
    for (const l of r.layers) {
      checkMatrix(l.cosine, 6, `layer ${l.layer}`);
      assert.equal(l.clusters.length, 6);
      assert.equal(l.clusters[0], 0);
      assert.equal(l.projection.points.length, 12);
    }
    // Every occurrence has the same tokens ("Banco" too, if the tokenizer lower-cases): then layer 0 is one vector.
    const sameTokens = r.occurrences.every((o) => o.ids.join() === r.occurrences[0].ids.join());
    if (sameTokens) assert.ok(r.layers[0].cosine.every((c) => c > 1 - 1e-6));
    // The nearest tokens of the text are other words: no occurrence of "banco" tops its own list.
    for (const l of r.layers)
      for (const list of l.nearest) {
        assert.ok(list.length > 0);
        for (const x of list) assert.ok(!r.occurrences.some((o) => x.start < o.end && x.end > o.start), `${x.text} is an occurrence`);
      }
    const last = r.layers[r.layers.length - 1].cosine;
    assert.ok(
      last.some((c) => c < 0.999),
      'the context makes the occurrences differ',
    );
  });

  it('layer 0 is the same vector for every occurrence of a one-token word', async () => {
    const model = await engine.load(encoderRef);
    const text = 'function f() { return 1; }\nconst g = () => { return 2; };\nif (x) return y;\n';
    const r = await senses(model, { text, word: 'return' });
    assert.equal(r.occurrences.length, 3);
    assert.ok(
      r.occurrences.every((o) => o.ids.length === 1),
      'one token each',
    );
    assert.ok(r.layers[0].cosine.every((c) => c > 1 - 1e-6));
    assert.deepEqual(r.layers[0].clusters, [0, 0, 0]);
    // One point in the plane, not rounding noise blown up to the plot's width.
    assert.deepEqual([...r.layers[0].projection.points], [0, 0, 0, 0, 0, 0], 'the projection is one point');
    assert.ok(r.layers[1].cosine.some((c) => c < 1 - 1e-4));
  });

  it('layer 0 of a decoder: a word of two tokens at three places is one point, no share of variance', async () => {
    const model = await engine.load(embeddedModel(EMBEDDED_DECODER));
    const text = '# On the river bank\n\nThe river bank was steep.\n\nThe bank raised its rates.\n';
    const r = await senses(model, { text, word: 'bank' });
    assert.equal(r.occurrences.length, 3);
    assert.ok(r.layers[0].cosine.every((c) => c > 1 - 1e-6));
    // Rounding noise of the double-centred Gram matrix is no direction: it would fill the plot's width.
    assert.deepEqual([...r.layers[0].projection.points], [0, 0, 0, 0, 0, 0], 'the projection is one point');
    assert.deepEqual(r.layers[0].projection.explained, [0, 0]);
    assert.ok(r.layers[1].projection.explained[0] > 0.1, 'a contextual layer has directions');
  });

  it('a contextual cosine equals one computed from a plain analysis’s hidden states of the same window', async () => {
    const model = await engine.load(encoderRef);
    const text = 'the river bank was steep. the bank lent money.';
    const r = await senses(model, { text, word: 'bank' });
    assert.equal(r.runs, 1);
    const { window } = r.occurrences[0];
    const a = await analyze(model, { text, range: window, hidden: true });
    const L = model.facts.layers;
    const states = a.hidden?.states[L] as Float32Array;
    const width = (a.hidden?.width ?? 0) as number;
    const vector = (o: { start: number; end: number }): Float64Array => {
      const rows = a.tokens.flatMap((t, i) => (!t.special && t.start !== null && t.end !== null && t.start < o.end && t.end > o.start ? [i] : []));
      const v = new Float64Array(width);
      for (const i of rows) for (let k = 0; k < width; k++) v[k] += states[i * width + k] / rows.length;
      return v;
    };
    const [u, v] = r.occurrences.map(vector);
    const dot = u.reduce((s, x, k) => s + x * v[k], 0);
    const expected = dot / Math.sqrt(u.reduce((s, x) => s + x * x, 0) * v.reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(r.layers[L].cosine[1] - expected) < 1e-5, `${r.layers[L].cosine[1]} vs ${expected}`);
  });

  it('a long document is read in bounded windows around the occurrences', async () => {
    const model = await engine.load(encoderRef);
    const lines = Array.from({ length: 2000 }, (_, i) => (i % 40 === 7 ? `line ${i}: the bank of the river` : `line ${i}: some other words here`));
    const text = lines.join('\n');
    const r = await senses(model, { text, word: 'bank' });
    assert.equal(r.occurrences.length, 50);
    assert.ok(r.runs <= 50);
    for (const o of r.occurrences) {
      assert.ok(o.window.start <= o.start && o.end <= o.window.end);
      assert.ok(o.window.end - o.window.start < 2000, 'a window, not the document');
    }
  });

  it('always analyzes the occurrence at the cursor, and says whether it was added past the first ones', async () => {
    const model = await engine.load(encoderRef);
    const text = Array.from({ length: 30 }, (_, i) => `line ${i}: the bank of the river`).join('\n');
    const places = wholeWords(text, 'bank');
    assert.equal(places.length, 30);
    // The 26th occurrence, past the first five: the first four and it.
    const late = places[25];
    const r = await senses(model, { text, word: 'bank', maxOccurrences: 5, at: { source: 0, offset: late.start + 1 } });
    assert.equal(r.found, 30);
    assert.deepEqual(
      r.occurrences.map((o) => o.start),
      [...places.slice(0, 4), late].map((o) => o.start),
    );
    assert.deepEqual(r.at, { index: 4, added: true });
    // The third: among the first five, nothing added.
    const early = await senses(model, { text, word: 'bank', maxOccurrences: 5, at: { source: 0, offset: places[2].start } });
    assert.deepEqual(
      early.occurrences.map((o) => o.start),
      places.slice(0, 5).map((o) => o.start),
    );
    assert.deepEqual(early.at, { index: 2, added: false });
    // No occurrence there (the cursor left the word): the first five, no index.
    const none = await senses(model, { text, word: 'bank', maxOccurrences: 5, at: { source: 0, offset: 0 } });
    assert.equal(none.occurrences.length, 5);
    assert.equal(none.at, undefined);
    await assert.rejects(senses(model, { text, word: 'bank', at: { source: 1, offset: -1 } }), /cursor/);
  });

  it('reads a word longer than a window (a long identifier), and refuses one longer than the model reads, in words', async () => {
    const model = await engine.load(encoderRef);
    for (const word of ['x'.repeat(300), 'ab'.repeat(60)]) {
      const r = await senses(model, { text: `a ${word} b ${word} c`, word });
      assert.equal(r.occurrences.length, 2, `${word.length} characters`);
      for (const o of r.occurrences) assert.ok(o.window.start <= o.start && o.end <= o.window.end);
    }
    const huge = 'ab'.repeat(2000);
    await assert.rejects(senses(model, { text: `a ${huge} b`, word: huge }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'bad-input');
      assert.match(e.message, /^the occurrence of "abab.*" at character 2 is more tokens than .* reads at once \(512\)$/);
      return true;
    });
  });

  it('the static rows are every spelling’s tokens ("Banco" and "banco"), each once, in the order they first occur', async () => {
    const model = await engine.load(encoderRef);
    const r = await senses(model, { text: 'Banco de España.\nMe senté en el banco.\nEl banco prestó.', word: 'banco' });
    const [capital, lower] = r.occurrences.map((o) => o.ids);
    assert.notDeepEqual(capital, lower, 'the embedded tokenizer keeps case: two spellings');
    assert.deepEqual(
      r.static.map((s) => s.id),
      [...new Set([...capital, ...lower])],
    );
  });

  it('at most MAX_STATIC_ROWS static rows, the cursor’s tokens among them, when many casings give many tokens', async () => {
    const model = await engine.load(encoderRef);
    const casings = ['hipotecario', 'HIPOTECARIO', 'HiPoTeCaRiO', 'hIpOtEcArIo', 'HIPotecARIO', 'hipoTECARIO'];
    const text = casings.map((w) => `El ${w} del río.`).join('\n');
    const last = wholeWords(text, 'hipotecario').at(-1) as { start: number };
    const r = await senses(model, { text, word: 'hipotecario', at: { source: 0, offset: last.start } });
    const all = new Set(r.occurrences.flatMap((o) => o.ids));
    assert.ok(all.size > MAX_STATIC_ROWS, `${all.size} distinct tokens`);
    assert.equal(r.static.length, MAX_STATIC_ROWS);
    // The first MAX_STATIC_ROWS tokens alone would leave some of the cursor's out: the cursor's are kept on purpose.
    const mine = (r.occurrences.at(-1) as { ids: readonly number[] }).ids;
    assert.ok(mine.some((id) => ![...all].slice(0, MAX_STATIC_ROWS).includes(id)));
    const ids = r.static.map((s) => s.id);
    for (const id of mine) assert.ok(ids.includes(id), `the cursor's token ${id}`);
  });

  it('refuses a word that does not occur whole, and an empty word', async () => {
    const model = await engine.load(encoderRef);
    await assert.rejects(senses(model, { text: BANCO, word: 'banc' }), /does not occur as a whole word/);
    await assert.rejects(senses(model, { text: BANCO, word: ' ' }), /no letter or digit/);
  });
});

describe('the word-order experiment', () => {
  it('shuffles reproducibly; a bag of words stays at cosine 1; the model’s vectors and attention change', async () => {
    const words = 'el banco del río estaba lleno de barro'.split(' ');
    assert.deepEqual(shuffleWords(words, 3), shuffleWords(words, 3));
    assert.deepEqual([...shuffleWords(words, 3)].sort(), [...words].sort());
    assert.notDeepEqual(shuffleWords(words, 3), words);
    assert.equal(bagCosine(bagOfWords('a b b c'), bagOfWords('b c b a')), 1);
    assert.ok(bagCosine(bagOfWords('a b'), bagOfWords('a c')) < 0.6);
    const model = await engine.load(encoderRef);
    const r = await wordOrder(model, { text: words.join(' '), seed: 1 });
    assert.equal(r.bagOfWords, 1);
    assert.notEqual(r.shuffled.text, r.original.text);
    assert.deepEqual(r.shuffled.text.split(' ').sort(), [...words].sort());
    assert.equal(r.representation.length, model.facts.layers + 1);
    // Layer 0 is the mean static row: the same bag of tokens gives the same vector. This tokenizer is
    // byte-level, so a sentence's first word is another token ("el" vs "Ġel") — unless it stays first.
    const bag = (side: typeof r.original): string => side.tokens.slice().sort().join('|');
    if (bag(r.original) !== bag(r.shuffled)) assert.ok(r.representation[0].cosine < 1 - 1e-6);
    const keepsFirst = Array.from({ length: 200 }, (_, i) => i + 1).find((seed) => shuffleWords(words, seed)[0] === words[0]) as number;
    const same = await wordOrder(model, { text: words.join(' '), seed: keepsFirst });
    assert.equal(bag(same.original), bag(same.shuffled), 'the same bag of tokens');
    assert.ok(Math.abs(same.representation[0].cosine - 1) < 1e-6, 'layer 0: the same bag of tokens, the same mean vector');
    assert.ok(same.representation[same.representation.length - 1].cosine < 1 - 1e-4);
    assert.ok(r.representation[r.representation.length - 1].cosine < 1 - 1e-4);
    for (const side of [r.original, r.shuffled]) {
      const T = side.tokens.length;
      for (let q = 0; q < T; q++) {
        const sum = side.attention.subarray(q * T, (q + 1) * T).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - 1) < 1e-4, `row ${q} sums to ${sum}`);
      }
    }
    assert.equal(r.masked, 'barro');
    assert.equal(r.original.predictions.length, 5);
    const again = await wordOrder(model, { text: words.join(' '), seed: 1 });
    assert.equal(again.shuffled.text, r.shuffled.text);
  });
});
