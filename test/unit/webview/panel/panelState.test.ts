// What the panel keeps across hide/show (panelState.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openingState, parsePanelState } from '../../../../webview/panel/panelState';

describe('saved panel state', () => {
  it('accepts only its own shape', () => {
    assert.deepEqual(parsePanelState({ analysisId: 3, layer: 1, head: null, token: 2 }), { analysisId: 3, layer: 1, head: null, token: 2 });
    for (const bad of [
      undefined,
      null,
      'x',
      { analysisId: -1, layer: 0, head: null, token: null },
      { analysisId: 1, layer: 0, head: '1', token: null },
      { analysisId: 1, layer: 0.5, head: null, token: null },
    ]) {
      assert.equal(parsePanelState(bad), null, JSON.stringify(bad));
    }
  });

  it('reopens the saved place only for the same analysis, and only where it fits', () => {
    const a = { id: 7, layer: 0, head: 0, layers: 2, heads: 2, tokens: 6 };
    assert.deepEqual(openingState({ analysisId: 7, layer: 1, head: null, token: 3 }, a), { analysisId: 7, layer: 1, head: null, token: 3 });
    assert.deepEqual(openingState({ analysisId: 6, layer: 1, head: null, token: 3 }, a), { analysisId: 7, layer: 0, head: 0, token: null });
    assert.deepEqual(openingState({ analysisId: 7, layer: 5, head: null, token: 3 }, a), { analysisId: 7, layer: 0, head: 0, token: null });
    assert.deepEqual(openingState({ analysisId: 7, layer: 1, head: 1, token: 60 }, a), { analysisId: 7, layer: 1, head: 1, token: null });
    assert.deepEqual(openingState(null, a), { analysisId: 7, layer: 0, head: 0, token: null });
  });
});
