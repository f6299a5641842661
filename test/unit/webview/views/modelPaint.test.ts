// The model grid's atlas (modelPaint.ts): its geometry for a thumbnail size and a side on screen,
// and the worker's thumbnails copied to their places in the order shown, scaled up to THUMB.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atlasSize, cellOf, drawThumbnails, GAP, gridBox, gridGeometry, LABEL, THUMB, type AtlasContext } from '../../../../webview/views/modelPaint';

describe('model grid atlas', () => {
  it('thumbnails of the worker’s size keep their pixels; smaller ones repeat theirs up to THUMB; the gap stays near GAP on screen', () => {
    const big = gridGeometry(12, 12, THUMB, 56);
    assert.deepEqual([big.repeat, big.unit, big.gap], [1, 32, 3]);
    assert.deepEqual(atlasSize(big), { width: 12 * 35 - 3, height: 12 * 35 - 3 });
    // A 4-token warm-up and a 512-token analysis give the same atlas: the canvas keeps its bitmap.
    assert.deepEqual(atlasSize(gridGeometry(12, 12, 4, 56)), atlasSize(big));
    const small = gridGeometry(4, 4, 6, 128);
    assert.deepEqual([small.repeat, small.unit, small.gap], [6, 36, 2]);
    for (const side of [16, 36, 45, 56, 90, 128]) {
      const g = gridGeometry(12, 12, THUMB, side);
      const gap = cellOf(g) - side;
      assert.ok(gap >= GAP * 0.75 && gap <= GAP * 1.5, `gap ${gap} px at side ${side}`);
      assert.ok(Math.abs(atlasSize(g).width * g.scale + LABEL + gap - gridBox(g).width) < 1, 'the box is the labels, the atlas and one gap');
    }
  });

  it('copies head order[l][column] of the worker’s image to each column, scaled to the unit without smoothing, gaps left clear', () => {
    // 2 layers, 2 heads, 2 × 2 pixels each, shown swapped in layer 0; each pixel repeated 16 times a side.
    const g = gridGeometry(2, 2, 2, 64);
    assert.deepEqual([g.repeat, g.unit], [16, 32]);
    const calls: unknown[][] = [];
    const ctx = {
      imageSmoothingEnabled: true,
      clearRect: (...a: number[]) => calls.push(['clear', ...a]),
      drawImage: (...a: unknown[]) => calls.push(['draw', ctx.imageSmoothingEnabled, ...a.slice(1)]),
    } as unknown as AtlasContext;
    const image = {} as CanvasImageSource;
    drawThumbnails(ctx, image, g, Int32Array.from([1, 0, 0, 1]));
    const pitch = g.unit + g.gap;
    const { width, height } = atlasSize(g);
    assert.deepEqual(calls, [
      ['clear', 0, 0, width, height],
      ['draw', false, 2, 0, 2, 2, 0, 0, 32, 32],
      ['draw', false, 0, 0, 2, 2, pitch, 0, 32, 32],
      ['draw', false, 0, 2, 2, 2, 0, pitch, 32, 32],
      ['draw', false, 2, 2, 2, 2, pitch, pitch, 32, 32],
    ]);
  });
});
