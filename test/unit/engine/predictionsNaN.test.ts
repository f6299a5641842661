// Predictions from logits that are not numbers (a hostile or broken model): no candidate, rank or
// probability comes from NaN or ±Infinity (every comparison with NaN is false, so NaN ranked "1"),
// and the positions without numbers are counted for the analysis' notice; finite rows are untouched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decoderPredictions, encoderPredictions, headsFromLogits, positionsWithoutNumbers } from '../../../src/engine/predictions';

const decode = (id: number): string => `t${id}`;

describe('predictions from logits that are not numbers', () => {
  // 3 positions × 4 ids: a finite row, a NaN row, a row with +Infinity.
  const logits = Float32Array.from([1, 2, 3, 4, NaN, NaN, NaN, NaN, 0, Infinity, 1, 2]);
  const heads = headsFromLogits(logits, 3, 4, 4, [0, 1, 2]);

  it('a decoder: only the finite position predicts; no NaN anywhere', () => {
    const p = decoderPredictions(heads, 4, decode);
    assert.deepEqual(
      p.perToken.map((s) => s.position),
      [1],
      'position 1 is predicted from the finite row 0; rows 1 and 2 are not numbers',
    );
    assert.equal(p.next.length, 0);
    assert.doesNotMatch(JSON.stringify(p), /null/, 'JSON writes NaN as null: none is left');
    assert.equal(positionsWithoutNumbers(heads, [0, 1, 2]), 2);
  });

  it('an encoder: the masked position without numbers has no fillers', () => {
    const p = encoderPredictions(heads, [0, 1], 4, decode);
    assert.equal(p.masked[0].top.length, 4);
    assert.equal(p.masked[1].top.length, 0);
    assert.equal(positionsWithoutNumbers(heads, [0]), 0);
  });
});
