// The keys a query attends to most (the CLI, the hover, the spotlight) and the count of rows
// that are not numbers (the analysis' notice), for a model whose softmax gave NaN or ∞. Before,
// topAttended sorted with NaN (every comparison false), so [0.1, NaN, 0.5, 0.3, ∞] gave
// 0.1, NaN, ∞ as its "top three".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rowHasNonNumber, rowsWithoutNumbers, topAttended } from '../../../src/protocol/attentionMath';
import { floatToHalf } from '../../../src/protocol/analysis';

describe('attention that is not a number', () => {
  it('topAttended leaves NaN and infinite weights out and sorts the rest', () => {
    assert.deepEqual(topAttended([0.1, Number.NaN, 0.5, 0.3, Number.POSITIVE_INFINITY, 0.05], 3), [
      { key: 2, weight: 0.5 },
      { key: 3, weight: 0.3 },
      { key: 0, weight: 0.1 },
    ]);
    assert.deepEqual(topAttended([Number.NaN, Number.NEGATIVE_INFINITY], 2), []);
    assert.equal(rowHasNonNumber([0.5, Number.NaN]), true);
    assert.equal(rowHasNonNumber([0.5, 0.5]), false);
  });

  it('rowsWithoutNumbers counts rows over layers × heads × queries, in float32 and float16', () => {
    // 2 heads × 2 queries × 2 keys per layer, two layers: 8 rows.
    const f32 = [Float32Array.from([0.5, 0.5, 1, 0, Number.NaN, 0.2, 0.4, 0.6]), Float32Array.from([1, 0, 0, Number.POSITIVE_INFINITY, 0.3, 0.7, 0.1, 0.9])];
    assert.deepEqual(rowsWithoutNumbers(f32, 2, 'float32'), { rows: 2, of: 8 });
    const f16 = f32.map((layer) => Uint16Array.from(layer, (v) => floatToHalf(v)));
    assert.deepEqual(rowsWithoutNumbers(f16, 2, 'float16'), { rows: 2, of: 8 });
    assert.deepEqual(rowsWithoutNumbers([Float32Array.from([0.5, 0.5, 1, 0])], 2, 'float32'), { rows: 0, of: 2 });
  });
});
