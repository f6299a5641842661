// What Word Senses tells the user beside the panel (src/host/repr/sensesNotices.ts): a word that
// occurs once cannot be compared; a large text's occurrences were sampled, and how: the first ones,
// or the first ones and the one at the cursor (which is always analyzed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sensesNotices } from '../../../../src/host/repr/sensesNotices';
import type { SensesResult } from '../../../../src/protocol/reprViews';

/** A result of `n` occurrences of `found`, with the cursor's `at` as given (only the fields the notices read). */
const result = (n: number, found: number, at?: SensesResult['at']): SensesResult =>
  ({
    word: 'bank',
    found,
    occurrences: Array.from({ length: n }, (_, i) => ({ source: 0, start: i * 10, end: i * 10 + 4, ids: [5], window: { start: 0, end: 100 } })),
    ...(at ? { at } : {}),
  }) as unknown as SensesResult;

describe('Word Senses notices', () => {
  it('says nothing when every occurrence was analyzed', () => {
    assert.deepEqual(sensesNotices(result(3, 3, { index: 1, added: false }), 'bank'), []);
  });

  it('says which occurrences it sampled: the first ones, with the cursor’s among them or added to them', () => {
    assert.deepEqual(sensesNotices(result(200, 250), 'bank'), ['Word senses analyzed the first 200 of 250 occurrences.']);
    assert.deepEqual(sensesNotices(result(200, 250, { index: 7, added: false }), 'bank'), [
      'Word senses analyzed the first 200 of 250 occurrences, the one at the cursor among them.',
    ]);
    assert.deepEqual(sensesNotices(result(200, 250, { index: 199, added: true }), 'bank'), [
      'Word senses analyzed 200 of 250 occurrences: the first 199 and the one at the cursor.',
    ]);
  });

  it('says a word that occurs once needs a second occurrence, quoting a long word cut', () => {
    const [once] = sensesNotices(result(1, 1, { index: 0, added: false }), 'x'.repeat(500));
    assert.match(once, /occurs once here/);
    assert.ok(once.length < 400, once);
  });
});
