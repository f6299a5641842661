// A cached hub model's id as Manage Model Cache names it (round 15): the id is the cache folder's
// name, which anything on the disk may have written, and "org/a\nb" read "org/a b" — the id of
// another model — in the quick pick row and in the delete question. Now it is escaped as a file
// name is ("org/a\x0Ab"), as a local folder's name already was.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CachedModel } from '../../../../src/engine/modelCache';
import { cachedName, describeCached } from '../../../../src/host/models/cacheText';
import { neutralise } from '../../../../src/protocol/neutralise';

const hub = (id: string): CachedModel => ({ id, source: 'hub', folder: '/c/h', bytes: 1_000_000, patchedBytes: 0, complete: true, weights: [], patched: [] });

describe('a cached hub id with a newline', () => {
  it('the quick pick row writes the newline as \\x0A, not a space', () => {
    assert.equal(describeCached(hub('org/a\nb')).label, 'org/a\\x0Ab');
  });

  it('the delete question and notice (neutralised cachedName) write it as \\x0A', () => {
    assert.equal(neutralise(cachedName(hub('org/a\nb\tc'))), 'org/a\\x0Ab\\x09c');
  });

  it('an ordinary id reads as it is', () => {
    assert.equal(cachedName(hub('Xenova/gpt2')), 'Xenova/gpt2');
  });
});
