// The matrix view's window arithmetic and painting (matrixMath.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLut, colorIndex, packLut } from '../../../../src/protocol/colorScale';
import {
  causalRows,
  clampWindow,
  fullWindow,
  MIN_WINDOW,
  paintRange,
  panWindow,
  paneSide,
  revealCell,
  replyRange,
  windowHit,
  zoomWindow,
} from '../../../../webview/views/matrixMath';

describe('matrix window', () => {
  it('zooms about a point, clamps to the axis, never below the minimum', () => {
    const full = fullWindow(512);
    assert.deepEqual(zoomWindow(full, 0.5, 512), { row0: 128, col0: 128, size: 256 });
    assert.deepEqual(zoomWindow(full, 0.5, 512, 0, 1), { row0: 256, col0: 0, size: 256 });
    let w = full;
    for (let i = 0; i < 20; i++) w = zoomWindow(w, 0.5, 512);
    assert.equal(w.size, MIN_WINDOW);
    assert.deepEqual(zoomWindow({ row0: 500, col0: 500, size: 12 }, 100, 512), full);
    assert.deepEqual(clampWindow({ row0: -5, col0: 600, size: 64 }, 512), { row0: 0, col0: 448, size: 64 });
    assert.deepEqual(clampWindow({ row0: 0, col0: 0, size: 20 }, 6), { row0: 0, col0: 0, size: 6 });
  });

  it('pans within the axis and reveals a cell with the smallest move', () => {
    const w = { row0: 100, col0: 100, size: 64 };
    assert.deepEqual(panWindow(w, 10, -20, 512), { row0: 110, col0: 80, size: 64 });
    assert.deepEqual(panWindow(w, 1000, -1000, 512), { row0: 448, col0: 0, size: 64 });
    assert.deepEqual(revealCell(w, { query: 120, key: 130 }, 512), w);
    assert.deepEqual(revealCell(w, { query: 164, key: 99 }, 512), { row0: 101, col0: 99, size: 64 });
  });

  it('maps pixels to the source cell through the window', () => {
    const w = { row0: 256, col0: 64, size: 128 };
    assert.deepEqual(windowHit(0, 0, 512, w), { query: 256, key: 64 });
    assert.deepEqual(windowHit(511.9, 511.9, 512, w), { query: 383, key: 191 });
    assert.deepEqual(windowHit(4 * 10 + 1, 4 * 3 + 3.9, 512, w), { query: 259, key: 74 });
    assert.equal(windowHit(512, 0, 512, w), null);
    assert.equal(windowHit(-1, 0, 512, w), null);
  });
});

describe('painting', () => {
  const lut32 = packLut(buildLut());
  it('probabilities from 0, scores from their finite minimum; masked cells apart', () => {
    assert.deepEqual(replyRange({ min: 0.2, max: 0.5 }, 'probs'), { lo: 0, hi: Math.fround(0.5) });
    assert.deepEqual(replyRange({ min: -3, max: 2 }, 'scores'), { lo: -3, hi: 2 });
    // As float32, like the cells: the top cell gets the top colour.
    assert.deepEqual(replyRange({ min: 0.1, max: 0.3 }, 'probs'), { lo: 0, hi: Math.fround(0.3) });
    // A window with no finite value (the worker sends 0, 0), or a range that makes no sense: no range.
    assert.deepEqual(replyRange({ min: 0, max: 0 }, 'scores'), { lo: 0, hi: 0 });
    assert.deepEqual(replyRange({ min: 2, max: -3 }, 'scores'), { lo: 0, hi: 0 });
    assert.deepEqual(replyRange({ min: Number.NaN, max: 1 }, 'scores'), { lo: 0, hi: 0 });
    const pixels = new Uint32Array(4);
    paintRange([-3, 2, -Infinity, -0.5], -3, 2, lut32, 7, pixels);
    assert.deepEqual([...pixels], [lut32[0], lut32[255], 7, lut32[colorIndex(2.5, 5)]]);
  });

  it('the causal mask starts right of the diagonal in every row of a window', () => {
    assert.deepEqual([...causalRows({ row0: 0, col0: 0, size: 4 })], [0.25, 0.5, 0.75, 1]);
    // A window below the diagonal has no masked cell; one above it is all masked.
    assert.deepEqual([...causalRows({ row0: 10, col0: 0, size: 4 })], [1, 1, 1, 1]);
    assert.deepEqual([...causalRows({ row0: 0, col0: 10, size: 4 })], [0, 0, 0, 0]);
  });
});

describe('pane side', () => {
  it('fits the height, the width and 28 px a cell, never below 120', () => {
    assert.equal(paneSide(500, 300, 128, 560, 14), 300, 'a long input fits the height');
    assert.equal(paneSide(250, 900, 128, 560, 14), 250, 'and the width');
    assert.equal(paneSide(900, 900, 128, 560, 14), 560, 'and the largest side');
    assert.equal(paneSide(500, 900, 6, 560, 14), 168, 'a short input stays a compact table');
    assert.equal(paneSide(500, 40, 64, 560, 14), 120, 'never below 120');
  });

  it('labels every row of a sentence when the width allows it, the height not', () => {
    // 18 tokens in 203 px of height: every other label; 252 px labels each one and the tab scrolls 49 px.
    assert.equal(paneSide(400, 203, 18, 560, 14), 252);
    assert.equal(paneSide(240, 203, 18, 560, 14), 203, 'not when the width cannot label every row either');
    assert.equal(paneSide(400, 203, 40, 560, 14), 203, 'nor for 40 tokens in 400 px');
    assert.equal(paneSide(400, 300, 18, 560, 14), 300, 'the height is enough: unchanged');
  });
});
