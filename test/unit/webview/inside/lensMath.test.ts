// The layer lens grid's bookkeeping (lensMath.ts): positions by model kind, the window that holds
// the selected token, one token followed through the layers by id and a watched word from the engine's answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LensPosition } from '../../../../src/protocol/analysis';
import { follow, followWatched, lensPositions, windowStart } from '../../../../webview/inside/lensMath';

const position: LensPosition = {
  position: 3,
  layers: [
    {
      layer: 0,
      top: [
        { token: ' a', id: 1, p: 0.5 },
        { token: ' the', id: 2, p: 0.1 },
      ],
    },
    {
      layer: 1,
      top: [
        { token: ' the', id: 2, p: 0.4 },
        { token: 'the', id: 9, p: 0.3 },
      ],
    },
    {
      layer: 2,
      top: [
        { token: ' bank', id: 5, p: 0.6 },
        { token: ' a', id: 1, p: 0.2 },
      ],
    },
  ],
};

describe('lens positions and window', () => {
  it('a decoder reads every token, an encoder its masked ones', () => {
    const tokens = [{ masked: false }, { masked: true }, { masked: false }, { masked: true }];
    assert.deepEqual(lensPositions(tokens, 'decoder'), [0, 1, 2, 3]);
    assert.deepEqual(lensPositions(tokens, 'encoder'), [1, 3]);
    assert.deepEqual(lensPositions([{ masked: false }], 'encoder'), []);
  });

  it('the window moves only when the focus leaves it, and stays inside the list', () => {
    const all = Array.from({ length: 20 }, (_, i) => i);
    assert.equal(windowStart(all, 3, 6, 0), 0, 'inside: unchanged');
    assert.equal(windowStart(all, 10, 6, 0), 7, 'outside: centred on it');
    assert.equal(windowStart(all, 19, 6, 0), 14, 'not past the end');
    assert.equal(windowStart(all, null, 6, 30), 14);
    assert.equal(windowStart([1, 3], 3, 6, 0), 0, 'fewer than a window');
    assert.equal(windowStart(all, 99, 6, 4), 4, 'a token without a lens leaves it');
  });
});

describe('following tokens', () => {
  it('by id: probability and rank where it is in the top-k, null elsewhere', () => {
    assert.deepEqual(follow(position, 2), [
      { layer: 0, p: 0.1, rank: 2 },
      { layer: 1, p: 0.4, rank: 1 },
      { layer: 2, p: null, rank: null },
    ]);
  });

  it("a watched word: the engine's answer at every layer, wherever it ranks; null when it is not one token", () => {
    const watched = (entries: readonly (readonly [number, number] | null)[]): LensPosition => ({
      ...position,
      layers: position.layers.map((l, i) => {
        const e = entries[i];
        return { ...l, watched: [null, e ? { token: ' bank', id: 5, p: e[0], rank: e[1] } : null] };
      }),
    });
    assert.deepEqual(
      followWatched(
        watched([
          [0.001, 412],
          [0.02, 30],
          [0.6, 1],
        ]),
        1,
      ),
      [
        { layer: 0, p: 0.001, rank: 412, token: ' bank' },
        { layer: 1, p: 0.02, rank: 30, token: ' bank' },
        { layer: 2, p: 0.6, rank: 1, token: ' bank' },
      ],
    );
    assert.equal(followWatched(watched([null, null, null]), 1), null, 'not one token');
    assert.equal(followWatched(watched([null, null, null]), 0), null);
    assert.equal(followWatched(position, 0), null, 'a lens asked without a watch list');
  });
});
