// The heatmap's axis labels: their stride and the focused one (heatmapMath.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelPositions, labelStride } from '../../../../webview/views/heatmapMath';

describe('heatmap arithmetic', () => {
  it('labels thin out to a round stride and keep the focused one', () => {
    assert.equal(labelStride(28, 14), 1);
    assert.equal(labelStride(10, 14), 2);
    assert.equal(labelStride(1, 14), 20);
    assert.equal(labelStride(0.5, 14), 50);
    assert.equal(labelStride(0.001, 14), 14000);
    assert.deepEqual(labelPositions(6, 1), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(labelPositions(100, 20), [0, 20, 40, 60, 80]);
    assert.deepEqual(labelPositions(100, 20, 47), [0, 20, 47, 80]);
    assert.deepEqual(labelPositions(100, 20, 40), [0, 20, 40, 60, 80]);
  });
});
