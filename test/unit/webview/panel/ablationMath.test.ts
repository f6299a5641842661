// What an ablation changed, as numbers and colours (webview/panel/ablationMath.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { divergingColor, firstChangedLayer, LESS, MORE, NEUTRAL, stripScale, surprisalChanges } from '../../../../webview/panel/ablationMath';
import type { Predictions } from '../../../../src/protocol/analysis';

const surprise = (position: number, surprisal: number) => ({ position, p: 2 ** -surprisal, rank: 1, surprisal, top: [] });
const preds = (...s: ReturnType<typeof surprise>[]): Predictions => ({ masked: [], next: [], perToken: s });

describe('ablation math', () => {
  it('pairs each position predicted before and after, after − before, in position order', () => {
    const changes = surprisalChanges(preds(surprise(1, 2), surprise(2, 3), surprise(3, 1)), preds(surprise(3, 4), surprise(1, 2), surprise(4, 9)));
    assert.deepEqual(changes, [
      { position: 1, before: 2, after: 2, diff: 0 },
      { position: 3, before: 1, after: 4, diff: 3 },
    ]);
    assert.equal(stripScale(changes), 3);
    assert.equal(stripScale([]), 0.5, 'an empty or tiny change keeps a floor');
  });

  it('colours changes grey at zero, blue when less surprising, orange when more, clamped at the scale', () => {
    assert.deepEqual(divergingColor(0, 2), NEUTRAL);
    assert.deepEqual(divergingColor(-2, 2), LESS);
    assert.deepEqual(divergingColor(5, 2), MORE);
    assert.deepEqual(divergingColor(1, 2), [179, 113, 65], 'halfway to orange');
    assert.deepEqual(divergingColor(Number.NaN, 2), NEUTRAL);
  });

  it('names the first layer whose attention can change: the one after the earliest switched-off head', () => {
    assert.equal(
      firstChangedLayer(
        [
          { layer: 2, head: 0 },
          { layer: 1, head: 3 },
        ],
        4,
      ),
      2,
    );
    assert.equal(firstChangedLayer([{ layer: 3, head: 0 }], 4), 3, 'capped at the last layer');
    assert.equal(firstChangedLayer(undefined, 4), 0);
  });
});
