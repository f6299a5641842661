// A sentence with elements inside (webview/common/l10n.ts): the translation may move the slots,
// and each element lands where the translation put it; the text around them is kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slot, slots } from '../../../../webview/common/l10n';

describe('slots in a translated sentence', () => {
  // Stand-ins for DOM nodes: slots() only places them.
  const token = { name: 'token' } as unknown as Node;
  const model = { name: 'model' } as unknown as Node;

  it('puts each element where its slot is, in the translation’s order', () => {
    assert.deepEqual(slots(`Spotlight: ${slot(0)} attends to`, token), ['Spotlight: ', token, ' attends to']);
    assert.deepEqual(slots(`${slot(1)} lee ${slot(0)}`, token, model), [model, ' lee ', token]);
  });

  it('keeps a sentence without slots whole, and drops a slot with no element', () => {
    assert.deepEqual(slots('no slots here'), ['no slots here']);
    assert.deepEqual(slots(`a ${slot(3)} b`, token), ['a ', ' b']);
  });
});
