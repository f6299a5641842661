// Which tokens cover a range of characters (protocol/spans.ts): half-open spans, specials never, a window's base.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overlaps, tokensCovering } from '../../../src/protocol/spans';

// "[CLS] The river bank [SEP]": " b" + "ank" is one word of two tokens.
const TOKENS = [
  { start: null, end: null },
  { start: 0, end: 3 },
  { start: 3, end: 9 },
  { start: 9, end: 11 },
  { start: 11, end: 14 },
  { start: null, end: null },
];

describe('tokens covering characters', () => {
  it('takes every token sharing a character, and none that only touches the range', () => {
    assert.deepEqual(tokensCovering(TOKENS, 10, 14), [3, 4], 'the two pieces of "bank"');
    assert.deepEqual(tokensCovering(TOKENS, 9, 11), [3], 'a range ending where the next token starts');
    assert.deepEqual(tokensCovering(TOKENS, 3, 3), [], 'an empty range covers nothing');
    assert.deepEqual(tokensCovering(TOKENS, 14, 20), [], 'past the last token');
  });

  it('never takes a token without a span (specials)', () => {
    assert.deepEqual(tokensCovering(TOKENS, 0, 100), [1, 2, 3, 4]);
  });

  it("moves the tokens' spans by the window's base", () => {
    assert.deepEqual(tokensCovering(TOKENS, 110, 114, 100), [3, 4]);
    assert.deepEqual(tokensCovering(TOKENS, 10, 14, 100), []);
  });

  it('overlap is symmetric and half-open', () => {
    assert.equal(overlaps(0, 3, 2, 5), true);
    assert.equal(overlaps(2, 5, 0, 3), true);
    assert.equal(overlaps(0, 3, 3, 5), false);
    assert.equal(overlaps(3, 5, 0, 3), false);
  });
});
