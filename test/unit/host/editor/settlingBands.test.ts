// How the settling strip grades tokens by the layer where their prediction settles (settlingBands.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SETTLING_BUCKETS, settlingBands, settlingBucket, settlingLegend } from '../../../../src/host/editor/settlingBands';

describe('settling bands', () => {
  it('gives each layer its own band when the model has few (the embedded models: 4 blocks, 5 stream entries)', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((l) => settlingBucket(l, 4)),
      [0, 1, 2, 3, 4],
    );
    assert.deepEqual(settlingLegend(4), ['layer 0 (the embeddings)', 'layer 1', 'layer 2', 'layer 3', 'layer 4']);
    assert.deepEqual(settlingLegend(2), ['layer 0 (the embeddings)', 'layer 1', 'layer 2'], 'fewer bands than colours');
    assert.equal(settlingBucket(9, 2), 2, 'clamped to the last layer');
    assert.equal(settlingBucket(-1, 2), 0);
  });

  it('shares the bands equally among the layers of a bigger model, every layer in one band, in order', () => {
    const L = 12;
    const buckets = Array.from({ length: L + 1 }, (_, l) => settlingBucket(l, L));
    assert.equal(buckets[0], 0);
    assert.equal(buckets[L], SETTLING_BUCKETS - 1);
    for (let l = 1; l <= L; l++) assert.ok(buckets[l] - buckets[l - 1] >= 0 && buckets[l] - buckets[l - 1] <= 1, 'bands rise one at a time');
    const bands = settlingBands(L);
    assert.equal(bands.length, SETTLING_BUCKETS);
    assert.deepEqual(bands[0], [0, 2]);
    assert.deepEqual(bands[SETTLING_BUCKETS - 1][1], L);
    const legend = settlingLegend(L);
    assert.equal(legend[0], 'layers 0 (the embeddings) to 2');
    assert.equal(legend[1], `layers ${bands[1][0]}–${bands[1][1]}`);
  });
});
