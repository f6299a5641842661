// What the panel keeps across hide/show (panelState.ts): the analysis, the whole view choice, the
// token, the tabs, each tab's scroll and the comparison last brought forward.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ViewChoice } from '../../../../src/protocol/viewChoice';
import { NO_CLEANING } from '../../../../src/protocol/views';
import { openingState, parsePanelState, type PanelState } from '../../../../webview/panel/panelState';

const MAX_MERGED: ViewChoice = { layer: 1, combine: { kind: 'max' }, cleaning: { ...NO_CLEANING, mergeSubwords: true } };
const HEAD0: ViewChoice = { layer: 0, combine: { kind: 'head', head: 0 }, cleaning: NO_CLEANING };
const PLACE = { tabs: { panel: 'predictions', attention: 'model' }, scroll: { predictions: 120 }, comparison: '4/5' };
const state = (analysisId: number, choice: ViewChoice, token: number | null): PanelState => ({ analysisId, choice, token, ...PLACE });

describe('saved panel state', () => {
  it('keeps the BERT and Representations messages last brought forward, across analyses; drops foreign values', () => {
    const saved = { ...state(3, HEAD0, null), bert: 2, repr: 'senses/7' };
    assert.deepEqual(parsePanelState(saved), saved);
    const odd = parsePanelState({ ...saved, bert: -1, repr: 'senses/<b>' });
    assert.equal(odd?.bert, undefined);
    assert.equal(odd?.repr, undefined);
    const next = openingState(saved, { id: 4, choice: HEAD0, shape: { layers: 2, heads: 2 }, tokens: 5 });
    assert.deepEqual([next.bert, next.repr], [2, 'senses/7']);
  });

  it('accepts only its own shape', () => {
    const saved = state(3, MAX_MERGED, 2);
    assert.deepEqual(parsePanelState(saved), saved);
    const rollout = state(3, { ...MAX_MERGED, combine: { kind: 'rollout' } }, null);
    assert.deepEqual(parsePanelState(rollout), rollout);
    // Saved before the tabs: no tabs, no scroll, no comparison.
    assert.deepEqual(parsePanelState({ analysisId: 3, choice: HEAD0, token: null }), {
      analysisId: 3,
      choice: HEAD0,
      token: null,
      tabs: {},
      scroll: {},
      comparison: null,
    });
    // What is not an id or an offset is dropped, not trusted.
    assert.deepEqual(
      parsePanelState({
        ...saved,
        tabs: { panel: 'compare', 'x y': 'a', attention: '<b>' },
        scroll: { compare: -4, attention: 12, heads: '3' },
        comparison: 'x',
      }),
      {
        ...saved,
        tabs: { panel: 'compare' },
        scroll: { attention: 12 },
        comparison: null,
      },
    );
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

  it('reopens the saved place only for the same analysis, and only where it fits; the tabs hold for any', () => {
    const a = { id: 7, choice: HEAD0, shape: { layers: 2, heads: 2 }, tokens: 6 };
    const fresh = { analysisId: 7, choice: HEAD0, token: null, tabs: PLACE.tabs, scroll: {}, comparison: '4/5' };
    const chosen = (analysisId: number, choice: ViewChoice, token: number | null): PanelState => ({ ...state(analysisId, choice, token), chosen: true });
    assert.deepEqual(openingState(chosen(7, MAX_MERGED, 3), a), chosen(7, MAX_MERGED, 3));
    assert.deepEqual(openingState(chosen(6, MAX_MERGED, 3), a), fresh);
    assert.deepEqual(openingState(chosen(7, { ...MAX_MERGED, layer: 5 }, 3), a), fresh);
    const set: ViewChoice = { ...MAX_MERGED, combine: { kind: 'set', heads: [0, 3] } };
    assert.deepEqual(openingState(chosen(7, set, 3), a), fresh, 'a head the model lacks');
    assert.deepEqual(openingState(chosen(7, MAX_MERGED, 60), a), { ...chosen(7, MAX_MERGED, null) });
    // A choice the reader did not make (the settings' default then) gives way to the host's (the default now).
    assert.deepEqual(openingState(state(7, MAX_MERGED, 3), a), state(7, HEAD0, 3));
    assert.deepEqual(parsePanelState(chosen(7, MAX_MERGED, 3)), chosen(7, MAX_MERGED, 3), 'the mark is saved');
    assert.deepEqual(openingState(null, a), { analysisId: 7, choice: HEAD0, token: null, tabs: {}, scroll: {}, comparison: null });
  });
});
