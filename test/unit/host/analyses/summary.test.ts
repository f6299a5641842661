// The side view's digest of an analysis (summary.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize } from '../../../../src/host/analyses/summary';
import { sample } from '../../../support/sampleAnalysis';

describe('summary', () => {
  it('summarizes the headline predictions in document offsets', () => {
    const s = summarize(sample('encoder'), 'doc.md');
    assert.deepEqual(s.predictions, [
      { label: 'river', p: 0.5, position: 2 },
      { label: 'lake', p: 0.25, position: 2 },
    ]);
    assert.deepEqual(s.analyzed, { start: 100, end: 114 });
    assert.deepEqual(summarize(sample('decoder'), 'doc.md').predictions[0], { label: ' <b>', p: 0.6, position: null }, 'the view formats the text');
  });
});
