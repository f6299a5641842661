// What the panel keeps across hide/show (panelState.ts): the analysis, the whole view choice and the token.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ViewChoice } from '../../../../src/protocol/viewChoice';
import { NO_CLEANING } from '../../../../src/protocol/views';
import { openingState, parsePanelState } from '../../../../webview/panel/panelState';

const MAX_MERGED: ViewChoice = { layer: 1, combine: { kind: 'max' }, cleaning: { ...NO_CLEANING, mergeSubwords: true } };
const HEAD0: ViewChoice = { layer: 0, combine: { kind: 'head', head: 0 }, cleaning: NO_CLEANING };

describe('saved panel state', () => {
  it('accepts only its own shape', () => {
    const state = { analysisId: 3, choice: MAX_MERGED, token: 2 };
    assert.deepEqual(parsePanelState(state), state);
    const rollout = { analysisId: 3, choice: { ...MAX_MERGED, combine: { kind: 'rollout' } }, token: null };
    assert.deepEqual(parsePanelState(rollout), rollout);
    for (const bad of [
      undefined,
      null,
      'x',
      { analysisId: -1, choice: HEAD0, token: null },
      { analysisId: 1, choice: { ...HEAD0, combine: { kind: 'head', head: '1' } }, token: null },
      { analysisId: 1, choice: { ...HEAD0, layer: 0.5 }, token: null },
      { analysisId: 1, choice: { layer: 0, combine: { kind: 'mean' } }, token: null },
      { analysisId: 1, choice: HEAD0, token: -2 },
      // The shape saved before the view choice was one: a layer and a head.
      { analysisId: 3, layer: 1, head: null, token: 2 },
    ]) {
      assert.equal(parsePanelState(bad), null, JSON.stringify(bad));
    }
  });

  it('reopens the saved place only for the same analysis, and only where it fits', () => {
    const a = { id: 7, choice: HEAD0, shape: { layers: 2, heads: 2 }, tokens: 6 };
    assert.deepEqual(openingState({ analysisId: 7, choice: MAX_MERGED, token: 3 }, a), { analysisId: 7, choice: MAX_MERGED, token: 3 });
    assert.deepEqual(openingState({ analysisId: 6, choice: MAX_MERGED, token: 3 }, a), { analysisId: 7, choice: HEAD0, token: null });
    assert.deepEqual(openingState({ analysisId: 7, choice: { ...MAX_MERGED, layer: 5 }, token: 3 }, a), { analysisId: 7, choice: HEAD0, token: null });
    const set: ViewChoice = { ...MAX_MERGED, combine: { kind: 'set', heads: [0, 3] } };
    assert.deepEqual(openingState({ analysisId: 7, choice: set, token: 3 }, a), { analysisId: 7, choice: HEAD0, token: null }, 'a head the model lacks');
    assert.deepEqual(openingState({ analysisId: 7, choice: MAX_MERGED, token: 60 }, a), { analysisId: 7, choice: MAX_MERGED, token: null });
    assert.deepEqual(openingState(null, a), { analysisId: 7, choice: HEAD0, token: null });
  });
});
