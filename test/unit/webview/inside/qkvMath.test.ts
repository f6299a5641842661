// One head's arithmetic for one query (qkvMath.ts) against a direct reading of the formulas:
// softmax(q·kᵀ·scale + mask) and Σ a_j·v_j, with and without the causal mask; the diverging scale.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QkvWindowReply } from '../../../../src/protocol/inside';
import { breakdown, cellWidth, divergingColor, fitCell, largestDifference } from '../../../../webview/inside/qkvMath';

/** A deterministic reply: T keys of dimension d, values spread over about ±2. */
function reply(T: number, d: number, query: number, scale = 1 / Math.sqrt(d)): QkvWindowReply {
  let seed = 11;
  const next = (): number => {
    seed = (seed * 16807) % 2147483647;
    return (seed / 2147483647) * 4 - 2;
  };
  const make = (n: number): Float32Array => Float32Array.from({ length: n }, next);
  return { key: 1, layer: 2, head: 1, query, length: T, headDim: d, scale, q: make(d), k: make(T * d), v: make(T * d) };
}

describe('breakdown', () => {
  it('each step is the formula: q⊙k, Σ, ×scale, softmax over all keys (encoder), Σ a·v', () => {
    const r = reply(5, 4, 2);
    const b = breakdown(r, false);
    const scores = [0, 1, 2, 3, 4].map((j) => [0, 1, 2, 3].reduce((s, e) => s + r.q[e] * r.k[j * 4 + e], 0) * r.scale);
    const z = scores.reduce((s, x) => s + Math.exp(x), 0);
    scores.forEach((s, j) => {
      assert.ok(Math.abs(b.rows[j].scaled - s) < 1e-6);
      assert.ok(Math.abs(b.rows[j].dot * r.scale - s) < 1e-6);
      assert.ok(Math.abs(b.rows[j].weight - Math.exp(s) / z) < 1e-9);
      assert.equal(b.rows[j].masked, false);
      for (let e = 0; e < 4; e++) {
        assert.equal(b.rows[j].product[e], Math.fround(r.q[e] * r.k[j * 4 + e]));
        assert.ok(Math.abs(b.rows[j].weighted[e] - (Math.exp(s) / z) * r.v[j * 4 + e]) < 1e-6);
      }
    });
    for (let e = 0; e < 4; e++) {
      const out = scores.reduce((s, x, j) => s + (Math.exp(x) / z) * r.v[j * 4 + e], 0);
      assert.ok(Math.abs(b.output[e] - out) < 1e-6);
    }
  });

  it('a decoder masks the keys after the query: weight 0, the rest sums to 1 over keys ≤ query', () => {
    const r = reply(6, 8, 2);
    const b = breakdown(r, true);
    assert.deepEqual(
      b.rows.map((x) => x.masked),
      [false, false, false, true, true, true],
    );
    assert.deepEqual(
      b.rows.slice(3).map((x) => x.weight),
      [0, 0, 0],
    );
    const seen = b.rows.slice(0, 3).map((x) => x.scaled);
    const z = seen.reduce((s, x) => s + Math.exp(x), 0);
    seen.forEach((s, j) => assert.ok(Math.abs(b.rows[j].weight - Math.exp(s) / z) < 1e-9));
    // The masked keys' weighted values are zero and play no part in the colour range.
    assert.ok(b.rows[4].weighted.every((x) => x === 0));
    const largest = Math.max(...b.rows.slice(0, 3).flatMap((x) => Array.from(x.weighted, Math.abs)));
    assert.equal(b.ranges.weighted, largest);
  });

  it('large scores do not overflow (the largest is subtracted first)', () => {
    const r = reply(3, 2, 2, 1000);
    const b = breakdown(r, false);
    const sum = b.rows.reduce((s, x) => s + x.weight, 0);
    assert.ok(Math.abs(sum - 1) < 1e-12 && b.rows.every((x) => Number.isFinite(x.weight)));
  });

  it('compares the softmax column with the engine’s attention row', () => {
    const b = breakdown(reply(4, 4, 3), true);
    const row = b.rows.map((x) => x.weight + 1e-7);
    assert.ok(largestDifference(b.rows, row) < 2e-7);
    row[1] += 0.01;
    assert.ok(Math.abs(largestDifference(b.rows, row) - 0.01) < 1e-6);
    assert.equal(largestDifference(b.rows, [0.5]), Infinity, 'a short row never passes');
  });
});

describe('divergingColor', () => {
  it('zero is the neutral middle; the ends are distinct hues of equal reach; beyond the range clamps', () => {
    assert.deepEqual(divergingColor(0, 2), [240, 240, 240]);
    assert.deepEqual(divergingColor(2, 2), divergingColor(5, 2));
    assert.deepEqual(divergingColor(-2, 2), divergingColor(-9, 2));
    const [neg, pos] = [divergingColor(-2, 2), divergingColor(2, 2)];
    assert.ok(neg[2] > neg[0], 'negative leans blue-purple');
    assert.ok(pos[0] > pos[2], 'positive leans orange');
    // Halfway is between the middle and the end, channel by channel.
    const half = divergingColor(1, 2);
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(half[i] - (240 + pos[i]) / 2) <= 1);
    assert.deepEqual(divergingColor(Number.NaN, 1), [240, 240, 240]);
    assert.deepEqual(divergingColor(1, 0), [240, 240, 240]);
  });

  it('cell widths keep a strip within its width, at least one pixel', () => {
    assert.equal(cellWidth(8), 8);
    assert.equal(cellWidth(64), 1);
    assert.equal(cellWidth(768), 1);
    assert.equal(cellWidth(16), 4);
    assert.equal(cellWidth(16, 96), 6);
  });

  it('strips narrow just enough to take an overflow off the grid, never under one pixel', () => {
    // Four strips of 32 components at 2 px: 256 px; 76 px too wide → 1 px (128 px off).
    assert.equal(fitCell(32, 2, 76), 1);
    assert.equal(fitCell(8, 8, 0), 8, 'no overflow, no change');
    assert.equal(fitCell(8, 8, -40), 8);
    assert.equal(fitCell(8, 8, 32), 7, '32 px off four strips of 8 components: one pixel less each');
    assert.equal(fitCell(8, 8, 33), 6);
    assert.equal(fitCell(64, 1, 500), 1, 'at 1 px the grid scrolls');
  });
});
