// The worker keeps the tensors (analyzeKept) and serves the views from them: replies equal
// serveView over the full result of the same text, scores before softmax computed on request equal
// those fetched with the run, least recently used analyses are dropped under a small budget, a key
// the worker no longer holds fails with 'analysis-gone', and rollout's products on onnxruntime
// equal the JavaScript ones.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnalysisResult } from '../../../../src/protocol/analysis';
import { serveView } from '../../../../src/engine/views/viewServer';
import { NO_CLEANING, type Cleaning, type MatrixRequest } from '../../../../src/protocol/views';
import { EngineError } from '../../../../src/engine/errors';
import { keptBytes, TensorStore } from '../../../../src/engine/views/tensorStore';
import { fillRollout } from '../../../../src/engine/views/rollout';
import { rolloutMatrix, type ViewCache } from '../../../../src/engine/views/viewMath';
import { randomData } from '../../../../tools/bench/syntheticAttention';
import { EngineClient } from '../../../../src/engine/workerClient';
import { built } from '../../../support/build';
import { fixture, scratch } from '../../../support/paths';

const CLEAN: Cleaning = { hideSpecial: true, mergeSubwords: true, hidePunctuation: true };
const SETTINGS = { cacheDir: scratch(), precision: 'float16' } as const;
const gone = (e: unknown): boolean => e instanceof EngineError && e.code === 'analysis-gone' && /analyze again/.test(e.message);

describe('views served by the worker from kept tensors', () => {
  let client: EngineClient;
  const model = fixture('tiny-gpt2');
  // Scores fetched with the run (on request they are tested below).
  const request = { text: 'the river bank, where the water runs', scores: true };

  before(() => {
    client = new EngineClient({ workerPath: built('worker.cjs'), settings: SETTINGS });
  });
  after(() => client.dispose());

  it('keeps an analysis and serves matrix, thumbnails, links and row equal to serveView on the full result', async () => {
    const overview = await client.request('analyzeKept', { model, request });
    const full: AnalysisResult = await client.request('analyze', { model, request });
    assert.ok(!('probs' in overview.attention), 'no tensors in the overview');
    assert.equal(overview.attention.length, full.tokens.length);
    assert.equal(overview.attention.hasScores, true);
    assert.deepEqual(overview.tokens, full.tokens);
    const key = overview.attention.key;
    const local = { data: full.attention, tokens: full.tokens };
    const t = full.tokens.length;
    const matrices = [
      {
        key,
        layer: 1,
        combine: { kind: 'head', head: 2 },
        stage: 'probs',
        cleaning: NO_CLEANING,
        rows: { start: 0, count: t },
        cols: { start: 0, count: t },
        encoding: 'f32',
      },
      {
        key,
        layer: 1,
        combine: { kind: 'mean' },
        stage: 'probs',
        cleaning: CLEAN,
        rows: { start: 1, count: 4 },
        cols: { start: 0, count: t },
        maxSide: 2,
        encoding: 'u8',
      },
      {
        key,
        layer: 1,
        combine: { kind: 'rollout' },
        stage: 'probs',
        cleaning: NO_CLEANING,
        rows: { start: 0, count: t },
        cols: { start: 0, count: t },
        encoding: 'f32',
      },
      {
        key,
        layer: 0,
        combine: { kind: 'head', head: 0 },
        stage: 'scores',
        cleaning: NO_CLEANING,
        rows: { start: 0, count: t },
        cols: { start: 0, count: t },
        encoding: 'u8',
      },
    ] as const;
    for (const m of matrices) {
      const remote = await client.request('matrix', m);
      const expected = serveView(local, 'matrix', m);
      if (m.combine.kind !== 'rollout') {
        assert.deepEqual(remote, expected);
        continue;
      }
      // The worker multiplies rollout's factors in onnxruntime (float32), serveView in float64.
      assert.deepEqual({ ...remote, data: null, min: 0, max: 0 }, { ...expected, data: null, min: 0, max: 0 });
      assert.ok(remote.data.every((v, i) => Math.abs(v - expected.data[i]) < 1e-5));
    }
    const scores = await client.request('matrix', { ...matrices[3], encoding: 'f32' });
    assert.equal(scores.masked, true, 'the causal mask of the decoder stays recognisable');
    assert.equal(scores.data[1], Number.NEGATIVE_INFINITY);
    const thumbs = { key, size: 4, cleaning: NO_CLEANING };
    assert.deepEqual(await client.request('thumbnails', thumbs), serveView(local, 'thumbnails', thumbs));
    const links = { key, layer: 0, heads: [{ kind: 'head', head: 1 }, { kind: 'max' }], cleaning: CLEAN, topK: 3, threshold: 0.05 } as const;
    assert.deepEqual(await client.request('links', links), serveView(local, 'links', links));
    const row = { key, layer: 1, combine: { kind: 'set', heads: [0, 3] }, cleaning: NO_CLEANING, query: t - 1 } as const;
    const remoteRow = await client.request('row', row);
    assert.ok(remoteRow.weights instanceof Float32Array);
    assert.deepEqual(remoteRow, serveView(local, 'row', row));
  });

  it('fails with analysis-gone for a key it never kept, and after release', async () => {
    await assert.rejects(client.request('row', { key: 12345, layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 }), gone);
    const { attention } = await client.request('analyzeKept', { model, request: { text: 'released soon' } });
    assert.equal(await client.request('release', { key: attention.key }), true);
    assert.equal(await client.request('release', { key: attention.key }), false);
    await assert.rejects(client.request('thumbnails', { key: attention.key, size: 2, cleaning: NO_CLEANING }), gone);
  });

  it('refuses a request that does not fit the analysis with bad-input and keeps serving', async () => {
    const { attention } = await client.request('analyzeKept', { model, request: { text: 'no mean of scores' } });
    const scoresOf = (combine: MatrixRequest['combine']): MatrixRequest => ({
      key: attention.key,
      layer: 0,
      combine,
      stage: 'scores',
      cleaning: NO_CLEANING,
      rows: { start: 0, count: 2 },
      cols: { start: 0, count: 2 },
      encoding: 'f32',
    });
    await assert.rejects(
      client.request('matrix', scoresOf({ kind: 'mean' })),
      (e: unknown) => e instanceof EngineError && e.code === 'bad-input' && /one head/.test(e.message),
    );
    await assert.rejects(
      client.request('row', { key: attention.key, layer: 99, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 }),
      (e: unknown) => e instanceof EngineError && e.code === 'bad-input',
    );
    const ok = await client.request('row', { key: attention.key, layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 });
    assert.equal(ok.weights.length, attention.length);
    // GroupQueryAttention exposes no scores: the overview says so and the request is refused.
    const gqa = await client.request('analyzeKept', { model: fixture('tiny-gpt2-gqa'), request: { text: 'no scores here' } });
    assert.equal(gqa.attention.hasScores, false);
    await assert.rejects(
      client.request('matrix', { ...scoresOf({ kind: 'head', head: 0 }), key: gqa.attention.key }),
      (e: unknown) => e instanceof EngineError && e.code === 'bad-input' && /scores/.test(e.message),
    );
  });

  it('drops the least recently used analyses under a small budget, which a configure of keepBytes alone sets without reloading models', async () => {
    const probe = await client.request('analyze', { model, request: { text: 'one two three' } });
    await client.request('load', { model: fixture('tiny-bert') });
    const loads = (await client.request('ping', null)).loadsStarted;
    assert.ok(loads >= 2);
    // Room for two analyses of this size (the same text thrice): keep three, touching the first, and the second goes.
    await client.configure({ ...SETTINGS, keepBytes: 2 * keptBytes(probe.attention) });
    const keys: number[] = [];
    for (const text of ['one two three', 'one two three']) keys.push((await client.request('analyzeKept', { model, request: { text } })).attention.key);
    await client.request('row', { key: keys[0], layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 });
    keys.push((await client.request('analyzeKept', { model, request: { text: 'one two three' } })).attention.key);
    await assert.rejects(client.request('row', { key: keys[1], layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 }), gone);
    for (const key of [keys[0], keys[2]])
      assert.ok((await client.request('row', { key, layer: 0, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 })).weights.length > 0);
    assert.equal((await client.request('ping', null)).loadsStarted, loads, 'the same engine, its models still loaded');
    // Another setting that changes how models run starts a new engine (its load count starts again).
    await client.configure({ ...SETTINGS, precision: 'float32', keepBytes: 2 * keptBytes(probe.attention) });
    await client.request('analyzeKept', { model, request: { text: 'one two three' } });
    assert.equal((await client.request('ping', null)).loadsStarted, 1);
  });
});

describe('scores before softmax on request', () => {
  let client: EngineClient;
  before(() => {
    client = new EngineClient({ workerPath: built('worker.cjs'), settings: SETTINGS });
  });
  after(() => client.dispose());

  const whole = (key: number, layer: number, head: number, t: number): MatrixRequest => ({
    key,
    layer,
    combine: { kind: 'head', head },
    stage: 'scores',
    cleaning: NO_CLEANING,
    rows: { start: 0, count: t },
    cols: { start: 0, count: t },
    encoding: 'f32',
  });

  // Every graph family that exposes scores: Softmax (encoder, decoder), MultiHeadAttention, opset-23 Attention.
  for (const name of ['tiny-gpt2', 'tiny-bert', 'tiny-bert-mha', 'tiny-bert-attn23']) {
    it(`${name}: equal, bit for bit, the scores an analysis with scores: true gives, for every layer and head`, async () => {
      const text = 'the river bank, where the water [MASK] runs';
      const overview = await client.request('analyzeKept', { model: fixture(name), request: { text } });
      assert.equal(overview.attention.hasScores, true, 'available on request');
      const full = await client.request('analyze', { model: fixture(name), request: { text, scores: true } });
      assert.ok(full.attention.scores);
      const local = { data: full.attention, tokens: full.tokens };
      const { key, layers, heads, length: t } = overview.attention;
      for (let layer = layers - 1; layer >= 0; layer--) {
        for (let head = 0; head < heads; head++) {
          const request = whole(key, layer, head, t);
          const remote = await client.request('matrix', request);
          assert.deepEqual(remote, serveView(local, 'matrix', request), `layer ${layer} head ${head}`);
          if (name === 'tiny-gpt2') {
            assert.equal(remote.masked, true, 'the causal mask stays masked');
            for (let q = 0; q < t; q++) for (let k = q + 1; k < t; k++) assert.equal(remote.data[q * t + k], Number.NEGATIVE_INFINITY);
          }
        }
      }
      const cleaned = { ...whole(key, 0, 1, t), cleaning: CLEAN, encoding: 'u8', maxSide: 3 } as const;
      assert.deepEqual(await client.request('matrix', cleaned), serveView(local, 'matrix', cleaned));
    });
  }

  it('serves the scores of an analysis of some layers only, by the analysis layer index', async () => {
    const text = 'only the last layer';
    const full = await client.request('analyze', { model: fixture('tiny-bert'), request: { text, scores: true } });
    const last = full.attention.layers - 1;
    const some = await client.request('analyzeKept', { model: fixture('tiny-bert'), request: { text, layers: [last] } });
    assert.equal(some.attention.layers, 1);
    const t = some.attention.length;
    const reply = await client.request('matrix', whole(some.attention.key, 0, 0, t));
    const expected = serveView({ data: full.attention, tokens: full.tokens }, 'matrix', whole(some.attention.key, last, 0, t));
    assert.deepEqual(reply.data, expected.data);
  });

  it('answers requests for the same layer at once with one run, and is still there after a configure of the budget', async () => {
    const overview = await client.request('analyzeKept', { model: fixture('tiny-gpt2'), request: { text: 'the same layer twice' } });
    const t = overview.attention.length;
    const [a, b] = await Promise.all([0, 1].map((head) => client.request('matrix', whole(overview.attention.key, 1, head, t))));
    assert.equal(a.height, t);
    assert.equal(b.height, t);
    await client.configure({ ...SETTINGS, keepBytes: 64 * 1024 * 1024 });
    assert.deepEqual(await client.request('matrix', whole(overview.attention.key, 1, 0, t)), a);
  });
});

describe('TensorStore', () => {
  const data = (t: number) => ({ layers: 1, heads: 1, length: t, precision: 'float32' as const, probs: [new Float32Array(t * t)], scores: null });

  it('counts tensors plus rollout room, keeps the newest even alone over budget, and forgets released keys', () => {
    const store = new TensorStore(100, 7);
    assert.equal(keptBytes(data(4)), 4 * 16 + 4 * 16);
    const a = store.keep(data(4), []);
    assert.equal(a, 7);
    assert.equal(store.bytes, 128);
    assert.ok(store.has(a), 'the newest analysis stays although it alone passes the budget');
    const b = store.keep(data(2), []);
    assert.ok(!store.has(a));
    assert.equal(store.bytes, 32);
    assert.equal(store.release(b), true);
    assert.equal(store.bytes, 0);
    assert.throws(() => store.get(b), gone);
  });

  it('fetches a layer of scores once, one run at a time, counts it, and skips a run nobody waits for any more', async () => {
    const calls: number[] = [];
    let running = 0;
    const source = async (layer: number): Promise<Float32Array> => {
      calls.push(layer);
      assert.equal(++running, 1, 'one run at a time');
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return new Float32Array(16).fill(layer);
    };
    const two = { ...data(4), layers: 2, probs: [new Float32Array(16), new Float32Array(16)] };
    const store = new TensorStore(10_000, 1);
    const key = store.keep(two, [], source);
    const kept = store.get(key);
    assert.deepEqual(kept.data.scores, [], 'none until asked for');
    const before = store.bytes;
    const cancelled = new AbortController();
    const skipped = store.ensureScores(key, 0, cancelled.signal);
    cancelled.abort();
    await Promise.all([
      store.ensureScores(key, 1),
      store.ensureScores(key, 1),
      assert.rejects(skipped, (e: unknown) => e instanceof EngineError && e.code === 'cancelled'),
    ]);
    assert.deepEqual(calls, [1], 'layer 1 once; layer 0 skipped, its only request having given up');
    assert.equal(kept.data.scores?.[1]?.[0], 1);
    assert.equal(store.bytes, before + 64);
    await store.ensureScores(key, 1);
    await store.ensureScores(key, 0);
    assert.deepEqual(calls, [1, 0]);
    assert.equal(store.bytes, before + 128);
    // Scores fetched with the run need no source, and no run.
    const upFront = store.keep({ ...data(2), scores: [new Float32Array(4)] }, [], source);
    await store.ensureScores(upFront, 0);
    assert.deepEqual(calls, [1, 0]);
    // Growing past the budget drops the least recently used analysis, not the one being viewed.
    const small = new TensorStore(two.probs.length * 64 + 64 + 64 + 40, 1);
    const viewed = small.keep(two, [], source);
    const other = small.keep(data(1), [], null);
    await small.ensureScores(viewed, 0);
    assert.ok(small.has(viewed));
    assert.ok(!small.has(other));
  });
});

describe('rollout products on onnxruntime', () => {
  it('equal the JavaScript rollout for an encoder and a decoder, through every layer', async () => {
    for (const decoder of [false, true]) {
      const data = randomData(3, 2, 9, { decoder, seed: 4 });
      const cache: ViewCache = {};
      await fillRollout(data, 2, cache, 1);
      assert.equal(cache.rollout?.length, 3);
      for (let l = 0; l < 3; l++) {
        const js = rolloutMatrix(data, l);
        assert.ok(
          cache.rollout![l].every((v, i) => Math.abs(v - js[i]) < 1e-6),
          `layer ${l}${decoder ? ' (decoder)' : ''}`,
        );
      }
    }
  });
});
