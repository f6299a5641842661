// Background work (protocol/background.ts): a failure reaches the handler, and no unhandled rejection is left.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { background } from '../../../src/protocol/background';

describe('background work', () => {
  it('hands a failure to its handler instead of leaving an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const seen: unknown[] = [];
      background(Promise.reject(new Error('row request failed')), (error) => seen.push(error));
      background(Promise.resolve(1), (error) => seen.push(error));
      background(undefined, (error) => seen.push(error));
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(
        seen.map((e) => (e as Error).message),
        ['row request failed'],
      );
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
