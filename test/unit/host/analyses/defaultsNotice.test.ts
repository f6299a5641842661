// Default view settings the model cannot hold (protocol/viewChoice.ts unfitDefaults, host/analyses/
// defaultsNotice.ts): which value was asked for and which one the views use, said once per model and value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefaultsNotice } from '../../../../src/host/analyses/defaultsNotice';
import { unfitDefaults } from '../../../../src/protocol/viewChoice';

const model = { id: 'tiny-gpt', layers: 2, heads: 4 };
const settings = { defaultLayer: -1, headAggregation: 'mean', defaultHead: 0 } as const;

describe('default view settings the model cannot hold', () => {
  it('names each clamped setting with the value asked for and the one used; none when it fits', () => {
    assert.deepEqual(unfitDefaults(settings, model), []);
    assert.deepEqual(unfitDefaults({ ...settings, defaultLayer: 1 }, model), []);
    assert.deepEqual(unfitDefaults({ ...settings, defaultLayer: 40 }, model), [{ setting: 'defaultLayer', asked: 40, used: 1 }]);
    assert.deepEqual(unfitDefaults({ ...settings, defaultLayer: -3 }, model), [{ setting: 'defaultLayer', asked: -3, used: 0 }]);
    // The head counts only when one head is shown.
    assert.deepEqual(unfitDefaults({ ...settings, defaultHead: 9 }, model), []);
    assert.deepEqual(unfitDefaults({ ...settings, headAggregation: 'head', defaultHead: 9, defaultLayer: 0 }, model), [
      { setting: 'defaultHead', asked: 9, used: 3 },
    ]);
  });

  it('tells once per model and value, and again for another model or value', () => {
    const notice = new DefaultsNotice();
    const far = { ...settings, defaultLayer: 40 };
    assert.equal(notice.check(settings, model), null);
    assert.equal(notice.check(far, model), 'attentionLens.defaultLayer is 40, but tiny-gpt has layers 0 to 1: the views open on layer 1.');
    assert.equal(notice.check(far, model), null, 'said once');
    assert.match(notice.check(far, { ...model, id: 'other', layers: 6 }) ?? '', /other has layers 0 to 5: the views open on layer 5/u);
    assert.match(notice.check({ ...far, defaultLayer: 41 }, model) ?? '', /is 41/u);
    const both = notice.check({ defaultLayer: 7, headAggregation: 'head', defaultHead: 5 }, model);
    assert.equal(
      both,
      'attentionLens.defaultLayer is 7, but tiny-gpt has layers 0 to 1: the views open on layer 1. ' +
        'attentionLens.defaultHead is 5, but tiny-gpt has heads 0 to 3: the views open on head 3.',
    );
  });
});
