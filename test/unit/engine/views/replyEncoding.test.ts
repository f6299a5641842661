// The attention views' windows, downsampling, quantisation and links, served from full tensors
// (serveView), each against a small case computed by hand; float16 and float32 agree (plain Node).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { halfToFloat, type AttentionData } from '../../../../src/protocol/analysis';
import { downsample, quantise, topLinks, valueRange } from '../../../../src/engine/views/replyEncoding';
import { replyBuffers, serveView } from '../../../../src/engine/views/viewServer';
import { NO_CLEANING } from '../../../../src/protocol/views';
import { f32Data, randomData, tokensOf } from '../../../../tools/bench/syntheticAttention';
import { close, small, smallTokens } from './viewSamples';

describe('windows, downsampling and quantisation', () => {
  it('block-means a 3 × 5 matrix in 2 × 2 blocks, edges averaging what they hold', () => {
    const values = Float64Array.from({ length: 15 }, (_, i) => i);
    const { data, height, width } = downsample(values, 3, 5, 2);
    assert.equal(height, 2);
    assert.equal(width, 3);
    close(data, [3, 5, 6.5, 10.5, 12.5, 14]);
    const masked = downsample(Float64Array.from([-Infinity, -Infinity, 1, -Infinity]), 2, 2, 1);
    assert.equal(masked.data[0], -Infinity);
    assert.equal(downsample(Float64Array.from([-Infinity, -Infinity, 1, -Infinity]), 2, 2, 2).data[0], 1);
  });

  it('maps [min, max] onto bytes, keeping 0 for masked cells when there are some', () => {
    assert.deepEqual(Array.from(quantise([0, 0.5, 1], 0, 1, false)), [0, 128, 255]);
    assert.deepEqual(Array.from(quantise([-Infinity, 2, 4], 2, 4, true)), [0, 1, 255]);
    assert.deepEqual(valueRange([-Infinity, 2, 4]), { min: 2, max: 4, masked: true });
  });

  it('clips the window to the axis and downsamples to maxSide', () => {
    const head = Array.from({ length: 4 }, (_, q) => Array.from({ length: 4 }, (_, k) => q * 4 + k));
    const data = f32Data([[head]]);
    const reply = serveView({ data, tokens: tokensOf(['a', 'b', 'c', 'd']) }, 'matrix', {
      key: 9,
      layer: 0,
      combine: { kind: 'head', head: 0 },
      stage: 'probs',
      cleaning: NO_CLEANING,
      rows: { start: 1, count: 10 },
      cols: { start: 0, count: 4 },
      maxSide: 2,
      encoding: 'u8',
    });
    assert.deepEqual(reply.rows, { start: 1, count: 3 });
    assert.equal(reply.block, 2);
    assert.equal(reply.height, 2);
    assert.equal(reply.width, 2);
    // Cells: mean(4,5,8,9)=6.5, mean(6,7,10,11)=8.5, mean(12,13)=12.5, mean(14,15)=14.5; range 6.5..14.5.
    assert.equal(reply.min, 6.5);
    assert.equal(reply.max, 14.5);
    assert.deepEqual(Array.from(reply.data), [0, Math.round(255 / 4), Math.round((6 * 255) / 8), 255]);
    assert.equal(reply.axisLength, 4);
    assert.equal(replyBuffers(reply)[0], reply.data.buffer);
  });
});

describe('links', () => {
  it('keeps the top k per query at or above the threshold, ties to the earlier key', () => {
    const m = Float64Array.from([0.5, 0.3, 0.2, 0.1, 0.1, 0.8, 0.4, 0.4, 0.2]);
    const links = topLinks(m, 3, 3, 2, 0.2);
    assert.deepEqual(Array.from(links.query), [0, 0, 1, 2, 2]);
    assert.deepEqual(Array.from(links.keyIndex), [0, 1, 2, 0, 1]);
    close(links.weight, [0.5, 0.3, 0.8, 0.4, 0.4]);
  });

  it('serves one list per head selection', () => {
    const reply = serveView({ data: small, tokens: smallTokens }, 'links', {
      key: 1,
      layer: 1,
      heads: [{ kind: 'head', head: 0 }, { kind: 'mean' }],
      cleaning: NO_CLEANING,
      topK: 1,
      threshold: 0.1,
    });
    assert.equal(reply.lists.length, 2);
    assert.deepEqual(Array.from(reply.lists[0].keyIndex), [0, 0, 1]);
    assert.deepEqual(Array.from(reply.lists[1].keyIndex), [0, 0, 1]);
    close(reply.lists[1].weight, [1, 1, 0.5]);
  });
});

describe('float16 and float32 agree', () => {
  it('on a cleaned, downsampled mean matrix of a random decoder', () => {
    const f16: AttentionData = randomData(2, 4, 40, { decoder: true, seed: 3 });
    const f32: AttentionData = { ...f16, precision: 'float32', probs: f16.probs.map((l) => Float32Array.from(l, (b) => halfToFloat(b))) };
    const tokens = tokensOf(['[CLS]', ...Array.from({ length: 38 }, (_, i) => (i % 3 === 1 ? '##x' : i % 5 === 0 ? ';' : 'w')), '[SEP]']);
    const request = {
      key: 1,
      layer: 1,
      combine: { kind: 'mean' },
      stage: 'probs',
      cleaning: { hideSpecial: true, mergeSubwords: true, hidePunctuation: true },
      rows: { start: 0, count: 40 },
      cols: { start: 0, count: 40 },
      maxSide: 8,
      encoding: 'f32',
    } as const;
    const a = serveView({ data: f16, tokens }, 'matrix', request);
    const b = serveView({ data: f32, tokens }, 'matrix', request);
    close(a.data, Array.from(b.data));
    assert.ok(a.block > 1);
  });
});
