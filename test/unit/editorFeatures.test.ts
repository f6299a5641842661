// The pure parts of the editor-first features: the spotlight's and the heatmap's buckets, how a
// tracked range follows edits, temperature / top-k / top-p re-shaping and drawing, the analysis
// cache's byte counting and eviction under its budget, and the new webview messages' guards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisOverview, Candidate } from '../../src/protocol/analysis';
import { analysisBytes, AnalysisStore, type StoredAnalysis } from '../../src/host/analyses';
import { shiftRange, surprisalBucket, surprisalLegend, SURPRISAL_BUCKETS, weightBucket, WEIGHT_BUCKETS } from '../../src/host/buckets';
import { draw, isSamplingControls, reshape, seededRandom } from '../../src/protocol/sampling';
import { isWebviewMessage } from '../../src/protocol/webviewApi';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

describe('weightBucket', () => {
  it('grades weights in fifths of the row maximum and drops faint ones', () => {
    assert.equal(weightBucket(1, 1), WEIGHT_BUCKETS - 1);
    assert.equal(weightBucket(0.5, 1), 2);
    assert.equal(weightBucket(0.19, 1), 0);
    assert.equal(weightBucket(0.21, 1), 1);
    assert.equal(weightBucket(0.3, 0.6), 2, 'relative to the maximum, not to 1');
    assert.equal(weightBucket(0.04, 1), null, 'below 5% of the maximum');
    assert.equal(weightBucket(0, 1), null);
    assert.equal(weightBucket(0.5, 0), null);
  });
});

describe('surprisalBucket', () => {
  it('puts bits into fixed bands with an open-ended top band', () => {
    assert.deepEqual([0, 0.99, 1, 1.5, 3.9, 4, 7.9, 8, 11, 12, 30].map(surprisalBucket), [0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5]);
    assert.equal(surprisalBucket(Number.POSITIVE_INFINITY), SURPRISAL_BUCKETS - 1);
    const legend = surprisalLegend();
    assert.equal(legend.length, SURPRISAL_BUCKETS);
    assert.equal(legend[0], '< 1 bit');
    assert.equal(legend[2], '2–4 bits');
    assert.equal(legend[SURPRISAL_BUCKETS - 1], '≥ 12 bits');
  });
});

describe('shiftRange', () => {
  const range = { start: 10, end: 20 };
  it('moves with edits before it and ignores edits after it', () => {
    assert.deepEqual(shiftRange(range, [{ offset: 2, length: 0, inserted: 5 }]), { start: 15, end: 25 });
    assert.deepEqual(shiftRange(range, [{ offset: 0, length: 4, inserted: 0 }]), { start: 6, end: 16 });
    assert.deepEqual(shiftRange(range, [{ offset: 25, length: 3, inserted: 9 }]), range);
  });
  it('grows and shrinks with edits inside it or at its end', () => {
    assert.deepEqual(shiftRange(range, [{ offset: 15, length: 0, inserted: 3 }]), { start: 10, end: 23 });
    assert.deepEqual(shiftRange(range, [{ offset: 20, length: 0, inserted: 2 }]), { start: 10, end: 22 }, 'typing at the end extends it');
    assert.deepEqual(shiftRange(range, [{ offset: 12, length: 4, inserted: 1 }]), { start: 10, end: 17 });
    assert.deepEqual(shiftRange(range, [{ offset: 5, length: 10, inserted: 2 }]), { start: 5, end: 12 }, 'an edit over its start');
    assert.deepEqual(shiftRange(range, [{ offset: 18, length: 10, inserted: 1 }]), { start: 10, end: 19 }, 'an edit over its end');
  });
  it('applies several changes of one event from the last to the first', () => {
    // Two cursors typing one character each: at 5 (before) and at 15 (inside), offsets against the old text.
    assert.deepEqual(
      shiftRange(range, [
        { offset: 5, length: 0, inserted: 1 },
        { offset: 15, length: 0, inserted: 1 },
      ]),
      { start: 11, end: 22 },
    );
  });
});

describe('reshape and draw', () => {
  const candidates: Candidate[] = [
    { token: 'a', id: 1, p: 0.5 },
    { token: 'b', id: 2, p: 0.25 },
    { token: 'c', id: 3, p: 0.15 },
    { token: 'd', id: 4, p: 0.1 },
  ];
  it('T = 1 without limits renormalises over the candidates', () => {
    const out = reshape(candidates, { temperature: 1, topK: 0, topP: 1 });
    assert.deepEqual(out.map((c) => c.token), ['a', 'b', 'c', 'd']);
    out.forEach((c, i) => close(c.p, candidates[i].p, 1e-12));
    const partial = reshape(candidates.slice(0, 2), { temperature: 1, topK: 0, topP: 1 });
    close(partial[0].p, 2 / 3);
  });
  it('temperature is p^(1/T) renormalised: T = 0.5 squares, T = 2 takes square roots', () => {
    const sharp = reshape(candidates, { temperature: 0.5, topK: 0, topP: 1 });
    const z = 0.25 + 0.0625 + 0.0225 + 0.01;
    close(sharp[0].p, 0.25 / z);
    close(sharp[3].p, 0.01 / z);
    const flat = reshape(candidates, { temperature: 2, topK: 0, topP: 1 });
    const s = Math.sqrt(0.5) + Math.sqrt(0.25) + Math.sqrt(0.15) + Math.sqrt(0.1);
    close(flat[1].p, 0.5 / s);
    assert.ok(flat[0].p < 0.5 && sharp[0].p > 0.5);
    assert.deepEqual(reshape(candidates, { temperature: 0, topK: 0, topP: 1 }), [{ token: 'a', id: 1, p: 1 }], 'T = 0 is greedy');
  });
  it('a tiny temperature does not underflow', () => {
    const out = reshape(candidates, { temperature: 0.001, topK: 0, topP: 1 });
    close(out[0].p, 1, 1e-9);
    assert.ok(out.every((c) => Number.isFinite(c.p)));
  });
  it('top-k keeps the k most likely, top-p the smallest prefix reaching p', () => {
    const k2 = reshape(candidates, { temperature: 1, topK: 2, topP: 1 });
    assert.deepEqual(k2.map((c) => c.token), ['a', 'b']);
    close(k2[0].p, 2 / 3);
    const p7 = reshape(candidates, { temperature: 1, topK: 0, topP: 0.7 });
    assert.deepEqual(p7.map((c) => c.token), ['a', 'b'], '0.5 < 0.7 ≤ 0.75');
    const p75 = reshape(candidates, { temperature: 1, topK: 0, topP: 0.75 });
    assert.deepEqual(p75.map((c) => c.token), ['a', 'b'], 'exactly reaching p stops');
    const p8 = reshape(candidates, { temperature: 1, topK: 0, topP: 0.8 });
    assert.deepEqual(p8.map((c) => c.token), ['a', 'b', 'c']);
    close(p8.reduce((n, c) => n + c.p, 0), 1);
  });
  it('draw follows the cumulative distribution; the seeded generator repeats', () => {
    const dist = reshape(candidates, { temperature: 1, topK: 0, topP: 1 });
    assert.equal(draw(dist, () => 0.1)?.token, 'a');
    assert.equal(draw(dist, () => 0.6)?.token, 'b');
    assert.equal(draw(dist, () => 0.85)?.token, 'c');
    assert.equal(draw(dist, () => 0.999)?.token, 'd');
    assert.equal(draw([], () => 0.5), null);
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(xs, Array.from({ length: 5 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    // Sampling frequencies follow the distribution.
    const rng = seededRandom(1);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20000; i++) {
      const token = draw(dist, rng)!.token;
      counts[token] = (counts[token] ?? 0) + 1;
    }
    close(counts.a / 20000, 0.5, 0.02);
  });
  it('controls from a webview are checked', () => {
    assert.ok(isSamplingControls({ temperature: 0.7, topK: 10, topP: 0.9 }));
    assert.ok(!isSamplingControls({ temperature: -1, topK: 10, topP: 0.9 }));
    assert.ok(!isSamplingControls({ temperature: 1, topK: 1.5, topP: 0.9 }));
    assert.ok(!isSamplingControls({ temperature: 1, topK: 1, topP: 0 }));
    assert.ok(isWebviewMessage('continue', { analysisId: 3, steps: 4, greedy: true, controls: { temperature: 1, topK: 0, topP: 1 } }));
    assert.ok(!isWebviewMessage('continue', { analysisId: 3, steps: 0, greedy: true, controls: { temperature: 1, topK: 0, topP: 1 } }));
    assert.ok(isWebviewMessage('token', { analysisId: 1, token: null }));
    assert.ok(!isWebviewMessage('insertPreview', { previewId: 'x' }));
  });
});

/** An analysis whose worker keeps `layers` float32 layers of `t` tokens (1 head). */
function entry(uri: string, version: number, id: number, t: number, layers = 1, span = { start: 0, end: t }): StoredAnalysis {
  const result: AnalysisOverview = {
    model: { id: 'm', kind: 'decoder', modelType: 'gpt2', layers, heads: 1, maxPositions: 512, vocabSize: 10, maskToken: null },
    tokens: Array.from({ length: t }, (_, i) => ({ text: 'x', id: 1, special: false, masked: false, start: i, end: i + 1, word: i })),
    attention: { layers, heads: 1, length: t, precision: 'float32', hasScores: false, key: id },
    predictions: { masked: [], next: [], perToken: [] },
    analyzed: { start: 0, end: t },
    notices: [],
    timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
  };
  return { uri, version, base: 0, span, shown: { id, document: { uri, name: 'd', languageId: 'plaintext', version }, result, ranges: result.tokens.map(() => null), layer: 0, head: null } };
}

describe('AnalysisStore as a cache', () => {
  it('counts the bytes of the tensors and the tokens it holds', () => {
    const e = entry('file:///a', 1, 1, 100, 2);
    const bytes = analysisBytes(e.shown);
    assert.ok(bytes >= 2 * 100 * 100 * 4, `${bytes}`);
    assert.ok(bytes < 2 * 100 * 100 * 4 + 100 * 200);
    const store = new AnalysisStore();
    store.add(e);
    assert.equal(store.bytes, bytes);
    store.forget('file:///a');
    assert.equal(store.bytes, 0);
    assert.equal(store.size, 0);
  });
  it('evicts the least recently used analyses beyond the budget, never the one just added', () => {
    const one = analysisBytes(entry('file:///x', 1, 0, 100).shown);
    const store = new AnalysisStore(Math.floor(2.5 * one));
    const a = entry('file:///a', 1, 1, 100);
    const b = entry('file:///b', 1, 2, 100);
    const c = entry('file:///c', 1, 3, 100);
    store.add(a);
    store.add(b);
    assert.equal(store.byId(1), a, 'a is used again, so b is now the oldest');
    store.add(c);
    assert.equal(store.size, 2);
    assert.equal(store.byId(2), null, 'b was evicted');
    assert.equal(store.byId(1), a);
    assert.equal(store.byId(3), c);
    assert.ok(store.bytes <= 2.5 * one);
    const huge = entry('file:///d', 1, 4, 200);
    store.add(huge);
    assert.equal(store.size, 1, 'an entry larger than the budget evicts all others but stays');
    assert.equal(store.byId(4), huge);
    store.setBudget(0);
    store.add(entry('file:///e', 1, 5, 10));
    store.setBudget(0);
    assert.equal(store.size, 1, 'a smaller budget evicts at once, all but the newest analysis');
    assert.equal(store.byId(4), null);
    assert.equal(store.byId(5)?.shown.id, 5);
  });
  it('finds a cached analysis by document version, range and kind, and drops other versions on add', () => {
    const store = new AnalysisStore();
    const v1 = entry('file:///a', 1, 1, 10, 1, { start: 5, end: 15 });
    store.add(v1);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder'), v1);
    assert.equal(store.find('file:///a', 1, 5, 16, 'decoder'), null, 'another range');
    assert.equal(store.find('file:///a', 1, 5, 15, 'encoder'), null, 'another kind');
    assert.equal(store.find('file:///a', 2, 5, 15, 'decoder'), null, 'another version');
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '/models/other'), null, 'another model');
    const other = { ...entry('file:///a', 1, 9, 10, 1, { start: 5, end: 15 }), model: '/models/other' };
    store.add(other);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '/models/other'), other);
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder'), v1, 'each model keeps its own entry');
    store.add(entry('file:///a', 2, 2, 10, 1, { start: 5, end: 15 }));
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder'), null, 'an edit invalidates the old version');
    assert.equal(store.find('file:///a', 1, 5, 15, 'decoder', '/models/other'), null);
    assert.equal(store.size, 1);
    assert.equal(store.bytes, analysisBytes(v1.shown), 'the bytes of the dropped versions are given back');
  });
});
