// The model grid's atlas (modelPaint.ts): its geometry for a thumbnail size and a side on screen,
// and the thumbnails' pixels placed in the order shown, repeated up to THUMB, gaps left alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLut, packLut } from '../../../../src/protocol/colorScale';
import { atlasSize, cellOf, GAP, gridBox, gridGeometry, LABEL, mapThumbnails, THUMB } from '../../../../webview/views/modelPaint';

const LUT32 = packLut(buildLut());

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

  it('places head order[l][column] at each column, repeats pixels, and writes no gap pixel', () => {
    // 1 layer, 2 heads, 2 × 2 pixels each; shown swapped, each pixel repeated 16 times a side.
    const g = gridGeometry(1, 2, 2, 64);
    assert.deepEqual([g.repeat, g.unit], [16, 32]);
    const data = Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80]);
    const { width, height } = atlasSize(g);
    const pixels = new Uint32Array(width * height);
    mapThumbnails(data, g, Int32Array.from([1, 0]), pixels);
    const at = (x: number, y: number): number => pixels[y * width + x];
    const pitch = g.unit + g.gap;
    assert.equal(at(0, 0), LUT32[50], 'head 1 first');
    assert.equal(at(15, 15), LUT32[50]);
    assert.equal(at(16, 0), LUT32[60]);
    assert.equal(at(0, 16), LUT32[70]);
    assert.equal(at(31, 31), LUT32[80]);
    assert.equal(at(pitch, 0), LUT32[10], 'head 0 second');
    assert.equal(at(pitch + 31, 31), LUT32[40]);
    for (let x = g.unit; x < pitch; x++) for (let y = 0; y < height; y++) assert.equal(at(x, y), 0, `gap pixel ${x},${y}`);
  });

  it('without repeats, every pixel goes to its place', () => {
    const g = gridGeometry(2, 1, THUMB, 128);
    const data = Uint8Array.from({ length: 2 * THUMB * THUMB }, (_, i) => i % 251);
    const { width } = atlasSize(g);
    const pixels = new Uint32Array(width * atlasSize(g).height);
    mapThumbnails(data, g, Int32Array.from([0, 0]), pixels);
    const pitch = g.unit + g.gap;
    for (const [l, y, x] of [
      [0, 0, 0],
      [0, 31, 31],
      [1, 5, 7],
      [1, 31, 0],
    ])
      assert.equal(pixels[(l * pitch + y) * width + x], LUT32[data[(l * THUMB + y) * THUMB + x]], `layer ${l} pixel ${x},${y}`);
  });
});
