// The one next-token list (predictionMath.ts): at T = 1 with every candidate kept it is the model's
// probabilities, the rest of the vocabulary is a row of its own, and top-k / top-p / temperature
// re-shape it as a sampler over the whole vocabulary would.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Candidate } from '../../../../src/protocol/analysis';
import { isIdentity, shapeCandidates } from '../../../../webview/panel/predictionMath';

const c = (token: string, p: number): Candidate => ({ token, id: token.length, p });
/** Ten candidates holding 70 % of the mass, as a tiny model's top 10 might. */
const TEN = [0.3, 0.12, 0.08, 0.06, 0.04, 0.035, 0.025, 0.02, 0.015, 0.005].map((p, i) => c(`t${i}`, p));
const ALL = { temperature: 1, topK: 0, topP: 1 };
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} ≠ ${b}`);

describe('the next-token list under the sampling controls', () => {
  it('at T = 1 with every candidate kept, each value is the model’s probability and the rest is 1 − their sum', () => {
    const shaped = shapeCandidates([...TEN].reverse(), ALL);
    assert.deepEqual(
      shaped.kept.map((k) => k.token),
      TEN.map((k) => k.token),
      'most likely first',
    );
    shaped.kept.forEach((k, i) => close(k.p, TEN[i].p, k.token));
    close(shaped.rest ?? 0, 0.3, 'rest');
    assert.equal(shaped.exact, true);
    assert.equal(shaped.cut, 0);
    assert.equal(isIdentity(ALL), true);
  });

  it('candidates that hold the whole vocabulary leave no rest', () => {
    const shaped = shapeCandidates([c('a', 0.5), c('b', 0.25), c('c', 0.25)], ALL);
    assert.equal(shaped.rest, null);
    close(shaped.kept[0].p, 0.5, 'a');
  });

  it('top-k cuts the rest and renormalises over the k kept', () => {
    const shaped = shapeCandidates(TEN, { ...ALL, topK: 2 });
    assert.deepEqual(
      shaped.kept.map((k) => k.token),
      ['t0', 't1'],
    );
    close(shaped.kept[0].p, 0.3 / 0.42, 't0');
    assert.equal(shaped.rest, null);
    assert.equal(shaped.cut, 8);
    assert.equal(isIdentity({ ...ALL, topK: 2 }), false);
  });

  it('top-p keeps the smallest prefix reaching p, the rest only when the candidates do not reach it', () => {
    const half = shapeCandidates(TEN, { ...ALL, topP: 0.4 });
    assert.deepEqual(
      half.kept.map((k) => k.token),
      ['t0', 't1'],
      '0.30 + 0.12 ≥ 0.4',
    );
    assert.equal(half.rest, null);
    const most = shapeCandidates(TEN, { ...ALL, topP: 0.95 });
    assert.equal(most.kept.length, 10);
    close(most.rest ?? 0, 0.3, 'the candidates hold 0.7 < 0.95: the rest is kept');
  });

  it('temperature: p^(1/T) among the candidates, the rest estimated and marked so, greedy at T = 0', () => {
    const sharp = shapeCandidates(TEN, { ...ALL, temperature: 0.5 });
    close(sharp.kept[0].p / sharp.kept[1].p, (0.3 / 0.12) ** 2, 'ratio of the top two');
    assert.equal(sharp.exact, false);
    assert.ok((sharp.rest ?? 0) < 0.3, 'a colder distribution leaves the rest less');
    const sum = sharp.kept.reduce((s, k) => s + k.p, 0) + (sharp.rest ?? 0);
    close(sum, 1, 'sum');
    const greedy = shapeCandidates(TEN, { ...ALL, temperature: 0 });
    assert.deepEqual(
      greedy.kept.map((k) => [k.token, k.p]),
      [['t0', 1]],
    );
    // Without the rest (top-k), temperature is exact over the candidates.
    assert.equal(shapeCandidates(TEN, { temperature: 2, topK: 10, topP: 1 }).exact, true);
  });

  it('no candidates: an empty list', () => {
    assert.deepEqual(shapeCandidates([], ALL), { kept: [], cut: 0, rest: null, exact: true });
  });
});
