// The head view's link index and head selections (headLinks.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexLinks, selectionsOf } from '../../../../webview/views/headLinks';

describe('head view links', () => {
  it('index links by query and by key', () => {
    const list = { query: new Uint16Array([0, 0, 1, 3]), keyIndex: new Uint16Array([2, 0, 2, 1]), weight: new Float32Array([0.5, 0.3, 0.9, 0.4]) };
    const ix = indexLinks(list, 4);
    assert.deepEqual([...ix.byQuery], [0, 2, 3, 3, 4]);
    assert.deepEqual([...ix.byKey], [0, 1, 2, 4, 4]);
    const intoKey2 = [...ix.byKeyOrder.slice(ix.byKey[2], ix.byKey[3])].map((i) => list.query[i]);
    assert.deepEqual(intoKey2.sort(), [0, 1]);
    assert.equal(ix.max, list.weight[2]);
  });

  it('a set of heads becomes one list per head; rollout falls back to the mean', () => {
    assert.deepEqual(selectionsOf({ kind: 'set', heads: [1, 4] }), [
      { kind: 'head', head: 1 },
      { kind: 'head', head: 4 },
    ]);
    assert.deepEqual(selectionsOf({ kind: 'rollout' }), [{ kind: 'mean' }]);
    assert.deepEqual(selectionsOf({ kind: 'max' }), [{ kind: 'max' }]);
  });
});
