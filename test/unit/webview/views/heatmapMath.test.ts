// Cell sizes, hit-testing, labels and painting of the heatmap (heatmapMath.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellSize, hitTest, labelPositions, labelStride, matrixMax } from '../../../../webview/views/heatmapMath';

describe('heatmap arithmetic', () => {
  it('cell size is whole device pixels, at least one, at most the cap', () => {
    assert.equal(cellSize(600, 6, 1), 28);
    assert.equal(cellSize(600, 512, 1), 1);
    assert.equal(cellSize(600, 512, 2), 1);
    assert.equal(cellSize(300, 512, 1), 1, 'never below one device pixel (the frame scrolls)');
    assert.equal(cellSize(300, 512, 2), 0.5);
    assert.equal(cellSize(100, 30, 1.5), 5 / 1.5, '3.33 CSS px fit: 5 device pixels');
    for (const dpr of [1, 1.25, 1.5, 2, 3]) {
      for (const t of [3, 17, 128, 512]) {
        const c = cellSize(700, t, dpr);
        assert.ok(Math.abs(c * dpr - Math.round(c * dpr)) < 1e-9 && c * dpr >= 1, `dpr ${dpr}, T ${t}: ${c}`);
        assert.ok(c * t <= 700 || c * dpr === 1);
      }
    }
    assert.equal(cellSize(600, 6, Number.NaN), 28);
  });

  it('hit-testing maps points to cells and refuses points outside', () => {
    assert.deepEqual(hitTest(0, 0, 60, 60, 6), { query: 0, key: 0 });
    assert.deepEqual(hitTest(25, 35, 60, 60, 6), { query: 3, key: 2 });
    assert.deepEqual(hitTest(59.99, 59.99, 60, 60, 6), { query: 5, key: 5 });
    assert.deepEqual(hitTest(300.5, 200.5, 512, 512, 512), { query: 200, key: 300 });
    assert.deepEqual(hitTest(150.25, 100.25, 256, 256, 512), { query: 200, key: 300 }, 'half a CSS pixel per cell');
    assert.equal(hitTest(60, 10, 60, 60, 6), null);
    assert.equal(hitTest(-0.1, 10, 60, 60, 6), null);
    assert.equal(hitTest(10, 10, 0, 60, 6), null);
    assert.equal(hitTest(10, 10, 60, 60, 0), null);
  });

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

  it('the maximum ignores NaN and infinity', () => {
    assert.equal(matrixMax([0.1, Number.NaN, 0.7, Number.POSITIVE_INFINITY, 0.3]), 0.7);
    assert.equal(matrixMax([]), 0);
  });
});
