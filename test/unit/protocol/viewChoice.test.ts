// What a view shows (viewChoice.ts): the default from the settings and the model's shape, fitting
// a choice to another model, the guard, and the one-line description hovers and the side view use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { t } from '../../../src/host/l10n';
import { NO_CLEANING } from '../../../src/protocol/views';
import { defaultViewChoice, describeChoice, fitChoice, fitsShape, isViewChoice, resolveLayer, type ViewChoice } from '../../../src/protocol/viewChoice';

const shape = { layers: 4, heads: 6 };
const settings = { defaultLayer: -1, headAggregation: 'mean', defaultHead: 0 } as const;

describe('view choice', () => {
  it('derives the default from the settings, fitted to the model, with no cleaning', () => {
    assert.deepEqual(defaultViewChoice(settings, shape), { layer: 3, combine: { kind: 'mean' }, cleaning: NO_CLEANING });
    assert.deepEqual(defaultViewChoice({ ...settings, headAggregation: 'max' }, shape).combine, { kind: 'max' });
    assert.deepEqual(defaultViewChoice({ ...settings, headAggregation: 'head', defaultHead: 2 }, shape).combine, { kind: 'head', head: 2 });
    assert.deepEqual(defaultViewChoice({ ...settings, headAggregation: 'head', defaultHead: 40 }, shape).combine, { kind: 'head', head: 5 });
    assert.equal(defaultViewChoice({ ...settings, defaultLayer: 1 }, shape).layer, 1);
    assert.equal(defaultViewChoice({ ...settings, defaultLayer: 12 }, shape).layer, 3);
    assert.equal(defaultViewChoice({ ...settings, defaultLayer: -2 }, shape).layer, 2);
    assert.equal(resolveLayer(-1, 12), 11);
    assert.equal(resolveLayer(-40, 12), 0);
  });

  it('checks a choice against a model and fits it to a smaller one', () => {
    const set: ViewChoice = { layer: 3, combine: { kind: 'set', heads: [1, 5] }, cleaning: { ...NO_CLEANING, mergeSubwords: true } };
    assert.ok(fitsShape(set, shape));
    assert.ok(!fitsShape(set, { layers: 4, heads: 4 }));
    assert.ok(!fitsShape({ ...set, layer: 4 }, shape));
    assert.deepEqual(fitChoice(set, { layers: 2, heads: 4 }), { layer: 1, combine: { kind: 'set', heads: [1] }, cleaning: set.cleaning });
    assert.deepEqual(fitChoice({ ...set, combine: { kind: 'set', heads: [5] } }, { layers: 2, heads: 4 }).combine, { kind: 'set', heads: [0] });
    assert.deepEqual(fitChoice({ ...set, combine: { kind: 'head', head: 5 } }, { layers: 2, heads: 4 }).combine, { kind: 'head', head: 3 });
    assert.deepEqual(fitChoice({ ...set, combine: { kind: 'rollout' } }, { layers: 9, heads: 4 }).combine, { kind: 'rollout' });
  });

  it('accepts only well-formed choices', () => {
    assert.ok(isViewChoice({ layer: 0, combine: { kind: 'rollout' }, cleaning: NO_CLEANING }));
    assert.ok(
      isViewChoice({ layer: 2, combine: { kind: 'set', heads: [0, 3] }, cleaning: { hideSpecial: true, mergeSubwords: false, hidePunctuation: true } }),
    );
    for (const bad of [
      null,
      { layer: -1, combine: { kind: 'mean' }, cleaning: NO_CLEANING },
      { layer: 0.5, combine: { kind: 'mean' }, cleaning: NO_CLEANING },
      { layer: 0, combine: { kind: 'median' }, cleaning: NO_CLEANING },
      { layer: 0, combine: { kind: 'set', heads: [] }, cleaning: NO_CLEANING },
      { layer: 0, combine: { kind: 'head', head: '1' }, cleaning: NO_CLEANING },
      { layer: 0, combine: { kind: 'mean' }, cleaning: { hideSpecial: true } },
      { layer: 0, combine: { kind: 'mean' } },
    ])
      assert.ok(!isViewChoice(bad), JSON.stringify(bad));
  });

  it('describes a choice in one line (English: the host speaks it until told otherwise)', () => {
    assert.equal(describeChoice({ layer: 3, combine: { kind: 'mean' }, cleaning: NO_CLEANING }, t), 'layer 3, mean of heads');
    assert.equal(describeChoice({ layer: 1, combine: { kind: 'head', head: 2 }, cleaning: NO_CLEANING }, t), 'layer 1, head 2');
    assert.equal(
      describeChoice({ layer: 2, combine: { kind: 'set', heads: [0, 3] }, cleaning: { hideSpecial: true, mergeSubwords: true, hidePunctuation: false } }, t),
      'layer 2, mean of heads 0, 3 · special tokens hidden, subwords merged',
    );
    assert.equal(describeChoice({ layer: 2, combine: { kind: 'rollout' }, cleaning: NO_CLEANING }, t), 'layer 2, rollout of layers 0–2');
    assert.equal(describeChoice({ layer: 0, combine: { kind: 'max' }, cleaning: NO_CLEANING }, t), 'layer 0, max over heads');
  });
});
