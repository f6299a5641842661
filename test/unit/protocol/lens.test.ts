// Where a prediction settles: the first layer from which the final top-1 stays top-1.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LensPosition } from '../../../src/protocol/analysis';
import { settlingLayer } from '../../../src/protocol/lens';

const lens = (...ids: number[]): LensPosition => ({ position: 0, layers: ids.map((id, layer) => ({ layer, top: [{ token: String(id), id, p: 0.5 }] })) });

describe('settlingLayer', () => {
  it('is the first layer of the final run of the last top-1', () => {
    assert.equal(settlingLayer(lens(7, 7, 3, 3, 3)), 2);
    assert.equal(settlingLayer(lens(3, 7, 3, 3)), 2, 'an early visit that leaves again does not count');
    assert.equal(settlingLayer(lens(3, 3, 3)), 0);
    assert.equal(settlingLayer(lens(1, 2, 3)), 2, 'settles only at the last layer');
  });

  it('is null without layers', () => {
    assert.equal(settlingLayer({ position: 0, layers: [] }), null);
  });
});
