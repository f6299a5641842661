// The Representations tab's pure helpers (webview/repr/reprMath.ts): the colour index of a cosine,
// the mean off the diagonal, the "one vector" test of layer 0 and the plot's positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LUT_SIZE } from '../../../../src/protocol/colorScale';
import { allIdentical, cosineIndex, meanOffDiagonal, modelName, plotPositions } from '../../../../webview/repr/reprMath';

describe('Representations tab helpers', () => {
  it('maps cosine −1 … 1 onto the whole colour table, clamped', () => {
    assert.equal(cosineIndex(-1), 0);
    assert.equal(cosineIndex(1), LUT_SIZE - 1);
    assert.equal(cosineIndex(0), Math.round((LUT_SIZE - 1) / 2));
    assert.equal(cosineIndex(3), LUT_SIZE - 1);
    assert.equal(cosineIndex(-3), 0);
    assert.ok(cosineIndex(0.5) > cosineIndex(0.4));
  });

  it('means off the diagonal and tells one vector from several', () => {
    const m = Float32Array.from([1, 0.5, -0.2, 0.5, 1, 0.1, -0.2, 0.1, 1]);
    assert.ok(Math.abs(meanOffDiagonal(m, 3) - 0.4 / 3) < 1e-7);
    assert.equal(meanOffDiagonal(Float32Array.from([1]), 1), 1);
    assert.equal(allIdentical(new Float32Array(9).fill(1)), true);
    assert.equal(allIdentical(m), false);
  });

  it('places points on one scale for both axes, PC2 upwards; coinciding points at the centre', () => {
    const spots = plotPositions(Float32Array.from([0, 0, 2, 0, 0, 1]), 3, 0);
    assert.deepEqual(spots[0], { x: 0, y: 0.75 });
    assert.deepEqual(spots[1], { x: 1, y: 0.75 });
    assert.deepEqual(spots[2], { x: 0, y: 0.25 });
    assert.deepEqual(plotPositions(new Float32Array(4), 2), [
      { x: 0.5, y: 0.5 },
      { x: 0.5, y: 0.5 },
    ]);
  });

  it('names a model by its folder or hub id’s last part', () => {
    assert.equal(modelName('/work/x/models/tiny-bert-es-en'), 'tiny-bert-es-en');
    assert.equal(modelName('C:\\models\\beto\\'), 'beto');
    assert.equal(modelName('dccuchile/bert-base-spanish-wwm-cased'), 'bert-base-spanish-wwm-cased');
  });
});
