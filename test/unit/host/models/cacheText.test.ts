// Manage Model Cache's rows (cacheText.ts) for a hostile name: a local model's name is the folder a
// patched graph was made from, as the cache's lens.json says it, and a folder may be called
// "$(alert) models"; a quick pick label renders "$(name)" as an icon, so the row must show it as text,
// on one line, with its hidden characters escaped, as the model picker does.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { CachedModel } from '../../../../src/engine/modelCache';
import { describeCached } from '../../../../src/host/models/cacheText';

const local = (id: string): CachedModel => ({ id, source: 'local', folder: null, bytes: 1_000_000, patchedBytes: 1_000_000, complete: true, weights: [], patched: ['/c/p'] });

describe('the model cache rows', () => {
  it('a folder named with "$(" shows the "$(" as text, not an icon', () => {
    const { label } = describeCached(local('/home/ana/$(alert) models/$(zap)gpt2'));
    assert.doesNotMatch(label, /\$\(/, label);
    assert.match(label, /\$\u200b\(alert\) models\/\$\u200b\(zap\)gpt2$/u);
  });

  it('a name with a newline, ESC and a bidi override reads as escapes on one line', () => {
    const { label } = describeCached(local('/m/a\nb\u001b[31m\u202Ec'));
    for (const hidden of ['\n', '\u001b', '\u202E']) assert.ok(!label.includes(hidden), label);
    assert.match(label, /\\x1B/);
    assert.match(label, /\\u202E/);
  });

  // A local model's row read its folder in full ("/root/models/tiny-gpt") and "a\nb" as "a b"; now as
  // every cache message names a folder: the home folder as "~", a newline escaped.
  it('a local folder reads with the home folder as "~" and a newline escaped', (t) => {
    if (process.platform === 'win32') return t.skip('no "~" on Windows');
    assert.equal(describeCached(local(path.join(os.homedir(), 'models', 'tiny-gpt'))).label, '~/models/tiny-gpt');
    assert.equal(describeCached(local('/m/a\nb')).label, '/m/a\\x0Ab');
  });

  it('a hub id reads as it is', () => {
    const hub: CachedModel = { ...local('Xenova/gpt2'), source: 'hub', folder: '/c/h', weights: ['q8'], patched: [] };
    assert.equal(describeCached(hub).label, 'Xenova/gpt2');
  });
});
