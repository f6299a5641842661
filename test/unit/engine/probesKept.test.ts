// Probes on demand, as the extension gets them: the worker (dist/worker.cjs) keeps an analysis' hidden states and
// answers one position's lens across all layers, and a layer's q/k/v (a run of the same inputs, under the same
// ablation) — equal to what the analysis would have returned had it asked up front; the overview carries no tensors.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { EngineClient } from '../../../src/engine/workerClient';
import { Engine } from '../../../src/engine/engine';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';

const cacheDir = scratch();
const client = new EngineClient({ workerPath: built('worker.cjs'), settings: { cacheDir, precision: 'float32' } });
const engine = new Engine({ cacheDir, precision: 'float32' });
after(async () => {
  client.dispose();
  await engine.dispose();
});

const model = fixture('tiny-gpt2');
const text = 'The river bank was steep, and the water ran fast.';

describe('probes kept by the worker', () => {
  it('one position’s lens from the kept hidden states equals the lens of a full analysis', async () => {
    const overview = await client.request('analyzeKept', { model, request: { text, hidden: true, topK: 3 } });
    assert.equal((overview as unknown as Record<string, unknown>).hidden, undefined, 'the hidden states stay in the worker');
    const lens = await client.request('lens', { key: overview.attention.key, positions: [4], topK: 3 });
    const full = await engine.analyze(model, { text, lens: true, topK: 3 });
    assert.equal(lens.kind, 'logit');
    assert.deepEqual(lens.positions, [full.lens?.positions[4]]);
  });

  it('a layer’s q/k/v on request equals the analysis’ own, ablation included', async () => {
    const ablate = [{ layer: 0, head: 1 }];
    const overview = await client.request('analyzeKept', { model, request: { text, ablate } });
    assert.deepEqual(overview.ablated, ablate);
    const qkv = await client.request('qkv', { key: overview.attention.key, layer: 1 });
    const full = await engine.analyze(model, { text, ablate, qkv: [1] });
    const own = full.qkv?.[0];
    assert.ok(own);
    assert.deepEqual(qkv.q, own.q);
    assert.deepEqual(qkv.k, own.k);
    assert.deepEqual(qkv.v, own.v);
    const plain = await engine.analyze(model, { text, qkv: [1] });
    assert.notDeepEqual(qkv.q, plain.qkv?.[0].q, 'layer 1 reads what the ablated layer 0 wrote');
  });

  it('analyze hands the probes over as typed arrays (moved, not copied)', async () => {
    const result = await client.request('analyze', { model, request: { text, hidden: true, qkv: [0] } });
    assert.ok(result.hidden?.states[0] instanceof Float32Array);
    assert.equal(result.hidden.states.length, 3);
    assert.ok(result.qkv?.[0].q instanceof Float32Array);
  });

  it('a watched word through the worker: its probability and rank at every layer, the same as in the top-k where it is there', async () => {
    const overview = await client.request('analyzeKept', { model, request: { text, hidden: true, topK: 3 } });
    const lens = await client.request('lens', { key: overview.attention.key, positions: [4], topK: 20, watch: ['the', 'zz top'] });
    assert.deepEqual(lens.watch, ['the', 'zz top']);
    for (const { top, watched } of lens.positions[0].layers) {
      assert.equal(watched?.length, 2);
      const [the, none] = watched ?? [];
      assert.equal(none, null);
      assert.ok(the && the.rank >= 1 && the.p > 0 && the.p <= 1, JSON.stringify(the));
      const i = top.findIndex((c) => c.id === the.id);
      if (i >= 0) assert.deepEqual({ rank: the.rank, p: the.p }, { rank: i + 1, p: top[i].p });
    }
  });

  it('refuses the lens of an analysis that kept no hidden states', async () => {
    const overview = await client.request('analyzeKept', { model, request: { text } });
    await assert.rejects(client.request('lens', { key: overview.attention.key, positions: [0] }), /kept no hidden states/);
  });

  it('qkvWindow is one head’s slice of the kept layer: the query’s row, its key/value head’s keys and values', async () => {
    const gqa = fixture('tiny-gpt2-gqa');
    const overview = await client.request('analyzeKept', { model: gqa, request: { text } });
    const key = overview.attention.key;
    const layer = await client.request('qkv', { key, layer: 1 });
    const { length: T, headDim: d, heads, kvHeads } = layer;
    for (const head of [0, heads - 1]) {
      const w = await client.request('qkvWindow', { key, layer: 1, head, query: 3 });
      const kv = Math.floor((head * kvHeads) / heads);
      assert.deepEqual([w.length, w.headDim, w.scale], [T, d, layer.scale]);
      assert.deepEqual(w.q, layer.q.slice((head * T + 3) * d, (head * T + 4) * d));
      assert.deepEqual(w.k, layer.k.slice(kv * T * d, (kv + 1) * T * d));
      assert.deepEqual(w.v, layer.v.slice(kv * T * d, (kv + 1) * T * d));
    }
    await assert.rejects(client.request('qkvWindow', { key, layer: 1, head: heads, query: 0 }), /outside layer 1/);
  });

  it('the extension’s request keeps hidden states where the graph has them; a merged decoder analyzes without (its lens says why)', async () => {
    const merged = await client.request('analyzeKept', { model: fixture('tiny-gpt2-merged'), request: { text, hidden: true } });
    await assert.rejects(client.request('lens', { key: merged.attention.key, positions: [0] }), /kept no hidden states/);
  });
});
