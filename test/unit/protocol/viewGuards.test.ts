// The checks of view replies against the requests they answer (viewGuards.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatrixReply, MatrixRequest } from '../../../src/protocol/views';
import { NO_CLEANING } from '../../../src/protocol/views';
import { isLinksReply, isMatrixReply, isRowReply, isThumbnailsReply } from '../../../src/protocol/viewGuards';

const request: MatrixRequest = {
  key: 3,
  layer: 0,
  combine: { kind: 'head', head: 0 },
  stage: 'probs',
  cleaning: NO_CLEANING,
  rows: { start: 0, count: 4 },
  cols: { start: 0, count: 4 },
  maxSide: 2,
  encoding: 'f32',
};

function reply(over: Partial<Record<keyof MatrixReply, unknown>> = {}): unknown {
  return {
    key: 3,
    rows: { start: 0, count: 4 },
    cols: { start: 0, count: 4 },
    block: 2,
    height: 2,
    width: 2,
    data: new Float32Array([0.1, 0.2, 0.3, 0.4]),
    min: 0.1,
    max: 0.4,
    masked: false,
    axisLength: 4,
    ...over,
  };
}

describe('reply checks', () => {
  it('accept a well-formed matrix reply and refuse each way of breaking it', () => {
    assert.equal(isMatrixReply(reply(), request), true);
    const broken: Partial<Record<keyof MatrixReply, unknown>>[] = [
      { key: 4 },
      { data: new Float64Array(4) },
      { data: new Uint8Array(4) },
      { data: new Float32Array(3) },
      { height: 3 },
      { block: 0 },
      { rows: { start: 1, count: 4 } },
      { rows: { start: 0, count: 5 } },
      { min: Number.NaN },
      { min: 1, max: 0 },
      { masked: 'no' },
      { block: 1, height: 4, width: 4, data: new Float32Array(16) },
    ];
    for (const b of broken) assert.equal(isMatrixReply(reply(b), request), false, JSON.stringify(Object.keys(b)));
    assert.equal(isMatrixReply(null, request), false);
    assert.equal(isMatrixReply([1, 2], request), false);
  });

  it('check thumbnails, links and rows against their requests', () => {
    const shape = { layers: 2, heads: 3 };
    const tr = { key: 1, size: 2, cleaning: NO_CLEANING };
    const thumbs = { key: 1, layers: 2, heads: 3, size: 2, pixels: new Uint8Array(96), stats: new Float32Array(24) };
    assert.equal(isThumbnailsReply(thumbs, tr, shape), true);
    assert.equal(isThumbnailsReply({ ...thumbs, pixels: new Uint8Array(95) }, tr, shape), false);
    assert.equal(isThumbnailsReply({ ...thumbs, pixels: new Uint8Array(24) }, tr, shape), false, 'a byte a pixel is not an RGBA image');
    assert.equal(isThumbnailsReply({ ...thumbs, heads: 4 }, tr, shape), false);
    assert.equal(isThumbnailsReply({ ...thumbs, stats: new Float64Array(24) }, tr, shape), false);
    const lr = { key: 1, layer: 0, heads: [{ kind: 'mean' as const }], cleaning: NO_CLEANING, topK: 2, threshold: 0 };
    const list = { query: new Uint16Array([0, 0, 2]), keyIndex: new Uint16Array([1, 0, 2]), weight: new Float32Array([0.6, 0.4, 1]) };
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [list] }, lr), true);
    assert.equal(isLinksReply({ key: 1, axisLength: 2, lists: [list] }, lr), false, 'index beyond the axis');
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [list, list] }, lr), false, 'one list per selection');
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [{ ...list, query: new Uint16Array([2, 0, 0]) }] }, lr), false, 'sorted by query');
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [{ ...list, weight: new Float32Array(2) }] }, lr), false);
    const rr = { key: 1, layer: 0, combine: { kind: 'mean' as const }, cleaning: NO_CLEANING, query: 2 };
    assert.equal(isRowReply({ key: 1, weights: new Float32Array(3) }, rr), true);
    assert.equal(isRowReply({ key: 1, weights: new Float32Array(2) }, rr), false);
    assert.equal(isRowReply({ key: 2, weights: new Float32Array(3) }, rr), false);
  });
});
