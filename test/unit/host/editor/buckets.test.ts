// How decorations grade tokens and how a tracked range follows edits (buckets.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  mergeSameSpan,
  shiftRange,
  surprisalBucket,
  surprisalLegend,
  SURPRISAL_BUCKETS,
  weightBucket,
  WEIGHT_BUCKETS,
} from '../../../../src/host/editor/buckets';

describe('weightBucket', () => {
  it('grades weights in fifths of the row maximum and drops faint ones', () => {
    assert.equal(weightBucket(1, 1), WEIGHT_BUCKETS - 1);
    assert.equal(weightBucket(0.5, 1), 2);
    assert.equal(weightBucket(0.19, 1), 0);
    assert.equal(weightBucket(0.21, 1), 1);
    assert.equal(weightBucket(0.3, 0.6), 2, 'relative to the maximum, not to 1');
    assert.equal(weightBucket(0.04, 1), null, 'below 5% of the maximum');
    assert.equal(weightBucket(0, 1), null);
    assert.equal(weightBucket(0.5, 0), null);
  });
});

describe('surprisalBucket', () => {
  it('puts bits into fixed bands with an open-ended top band', () => {
    assert.deepEqual([0, 0.99, 1, 1.5, 3.9, 4, 7.9, 8, 11, 12, 30].map(surprisalBucket), [0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5]);
    assert.equal(surprisalBucket(Number.POSITIVE_INFINITY), SURPRISAL_BUCKETS - 1);
    const legend = surprisalLegend();
    assert.equal(legend.length, SURPRISAL_BUCKETS);
    assert.equal(legend[0], '< 1 bit');
    assert.equal(legend[2], '2–4 bits');
    assert.equal(legend[SURPRISAL_BUCKETS - 1], '≥ 12 bits');
  });
});

describe('shiftRange', () => {
  const range = { start: 10, end: 20 };
  it('moves with edits before it and ignores edits after it', () => {
    assert.deepEqual(shiftRange(range, [{ offset: 2, length: 0, inserted: 5 }]), { start: 15, end: 25 });
    assert.deepEqual(shiftRange(range, [{ offset: 0, length: 4, inserted: 0 }]), { start: 6, end: 16 });
    assert.deepEqual(shiftRange(range, [{ offset: 25, length: 3, inserted: 9 }]), range);
  });
  it('grows and shrinks with edits inside it or at its end', () => {
    assert.deepEqual(shiftRange(range, [{ offset: 15, length: 0, inserted: 3 }]), { start: 10, end: 23 });
    assert.deepEqual(shiftRange(range, [{ offset: 20, length: 0, inserted: 2 }]), { start: 10, end: 22 }, 'typing at the end extends it');
    assert.deepEqual(shiftRange(range, [{ offset: 12, length: 4, inserted: 1 }]), { start: 10, end: 17 });
    assert.deepEqual(shiftRange(range, [{ offset: 5, length: 10, inserted: 2 }]), { start: 5, end: 12 }, 'an edit over its start');
    assert.deepEqual(shiftRange(range, [{ offset: 18, length: 10, inserted: 1 }]), { start: 10, end: 19 }, 'an edit over its end');
  });
  it('applies several changes of one event from the last to the first', () => {
    // Two cursors typing one character each: at 5 (before) and at 15 (inside), offsets against the old text.
    assert.deepEqual(
      shiftRange(range, [
        { offset: 5, length: 0, inserted: 1 },
        { offset: 15, length: 0, inserted: 1 },
      ]),
      { start: 11, end: 22 },
    );
  });
});

describe('mergeSameSpan', () => {
  it("makes one span of a character's byte pieces, combining their values, and keeps the others in order", () => {
    const spans = [
      { start: 0, end: 3, value: 1 },
      { start: 4, end: 6, value: 5 },
      { start: 4, end: 6, value: 0.5 },
      { start: 4, end: 6, value: 0.25 },
      { start: 6, end: 9, value: 2 },
    ];
    assert.deepEqual(
      mergeSameSpan(spans, (a, b) => a + b),
      [
        { start: 0, end: 3, value: 1 },
        { start: 4, end: 6, value: 5.75 },
        { start: 6, end: 9, value: 2 },
      ],
    );
    assert.deepEqual(
      mergeSameSpan(spans, Math.max).map((s) => s.value),
      [1, 5, 2],
    );
    assert.deepEqual(
      mergeSameSpan(
        [
          { start: 0, end: 2, value: 1 },
          { start: 1, end: 2, value: 1 },
        ],
        Math.max,
      ).length,
      2,
      'overlapping, not equal: kept apart',
    );
  });
});
