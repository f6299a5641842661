// Temperature / top-k / top-p re-shaping, drawing, and the continue message's guard (sampling.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Candidate } from '../../../src/protocol/analysis';
import { draw, isSamplingControls, reshape, seededRandom } from '../../../src/protocol/sampling';
import { isWebviewMessage } from '../../../src/protocol/messageGuards';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);

describe('reshape and draw', () => {
  const candidates: Candidate[] = [
    { token: 'a', id: 1, p: 0.5 },
    { token: 'b', id: 2, p: 0.25 },
    { token: 'c', id: 3, p: 0.15 },
    { token: 'd', id: 4, p: 0.1 },
  ];
  it('T = 1 without limits renormalises over the candidates', () => {
    const out = reshape(candidates, { temperature: 1, topK: 0, topP: 1 });
    assert.deepEqual(
      out.map((c) => c.token),
      ['a', 'b', 'c', 'd'],
    );
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
    assert.deepEqual(
      k2.map((c) => c.token),
      ['a', 'b'],
    );
    close(k2[0].p, 2 / 3);
    const p7 = reshape(candidates, { temperature: 1, topK: 0, topP: 0.7 });
    assert.deepEqual(
      p7.map((c) => c.token),
      ['a', 'b'],
      '0.5 < 0.7 ≤ 0.75',
    );
    const p75 = reshape(candidates, { temperature: 1, topK: 0, topP: 0.75 });
    assert.deepEqual(
      p75.map((c) => c.token),
      ['a', 'b'],
      'exactly reaching p stops',
    );
    const p8 = reshape(candidates, { temperature: 1, topK: 0, topP: 0.8 });
    assert.deepEqual(
      p8.map((c) => c.token),
      ['a', 'b', 'c'],
    );
    close(
      p8.reduce((n, c) => n + c.p, 0),
      1,
    );
  });
  it('draw follows the cumulative distribution; the seeded generator repeats', () => {
    const dist = reshape(candidates, { temperature: 1, topK: 0, topP: 1 });
    assert.equal(draw(dist, () => 0.1)?.token, 'a');
    assert.equal(draw(dist, () => 0.6)?.token, 'b');
    assert.equal(draw(dist, () => 0.85)?.token, 'c');
    assert.equal(draw(dist, () => 0.999)?.token, 'd');
    assert.equal(
      draw([], () => 0.5),
      null,
    );
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 5 }, () => b()),
    );
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
