// Ids unique across host sessions (sessionIds.ts): a later session's lie above an earlier one's, by the clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextSessionId } from '../../../src/host/sessionIds';

describe('nextSessionId', () => {
  it('follows the clock, and counts on past it when ids come faster than milliseconds', () => {
    const base = Date.now() + 10_000;
    assert.equal(nextSessionId(base), base);
    assert.equal(nextSessionId(base), base + 1, 'the same millisecond: one more');
    assert.equal(nextSessionId(base - 5), base + 2, 'a clock set back never gives an id again');
    assert.equal(nextSessionId(base + 100), base + 100);
  });
});
