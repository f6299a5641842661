// Restricted Mode as a person meets it: a workspace that is not trusted may only make some settings
// stricter than the user's (config.ts STRICTER) and may not choose models, folders or addresses
// (RESTRICTED). Its looser values used to be dropped without a word: a repository's
// settings.json said allowRemoteModels true and memoryBudgetMB 0, the Settings editor showed them,
// and nothing said they did not apply. Now each is named, with the value used instead and a way to
// trust the workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Config, Inspected } from '../../../src/host/config';
import { ignoredUntilTrusted } from '../../../src/host/config';
import { untrustedMessage } from '../../../src/host/settingsNotice';

/** VS Code's `get` (workspace over user) and `inspect` over two settings files. */
function files(user: Partial<Config>, workspace: Partial<Config>) {
  const merged: Record<string, unknown> = { ...user, ...workspace };
  return {
    get: (key: string): unknown => merged[key],
    inspect: (key: string): Inspected & { workspaceValue?: unknown } => ({
      globalValue: (user as Record<string, unknown>)[key],
      workspaceValue: (workspace as Record<string, unknown>)[key],
    }),
  };
}

describe('ignoredUntilTrusted: the workspace values an untrusted workspace does not apply', () => {
  it('names each looser value with what is used instead, and no stricter, equal or invalid one', () => {
    const { get, inspect } = files(
      { allowRemoteModels: false, maxTokens: 512 },
      { allowRemoteModels: true, memoryBudgetMB: 0, maxTokens: 64, surprisalDebounceMs: 500, cacheMemoryMB: 'big' as never, decoderModel: './tiny' },
    );
    assert.deepEqual(ignoredUntilTrusted(get, inspect), [
      { key: 'decoderModel', workspace: './tiny', used: '' },
      { key: 'allowRemoteModels', workspace: true, used: false },
      { key: 'memoryBudgetMB', workspace: 0, used: 2048 },
    ]);
  });

  it('is empty when the workspace sets nothing of the kind', () => {
    const { get, inspect } = files({ maxTokens: 300 }, { topK: 5, maxTokens: 100 });
    assert.deepEqual(ignoredUntilTrusted(get, inspect), []);
  });
});

describe('untrustedMessage', () => {
  it('names every setting, its workspace value and the value used, in one line', () => {
    const message = untrustedMessage([
      { key: 'allowRemoteModels', workspace: true, used: false },
      { key: 'memoryBudgetMB', workspace: 0, used: 2048 },
    ]);
    assert.doesNotMatch(message, /\n/u);
    assert.match(message, /not trusted/u);
    assert.match(message, /attentionLens\.allowRemoteModels true \(used: false\)/u, message);
    assert.match(message, /attentionLens\.memoryBudgetMB 0 \(used: 2048\)/u, message);
  });

  it('says an empty value used as what it does (the embedded model), and a hub address without its password', () => {
    const message = untrustedMessage([
      { key: 'decoderModel', workspace: './tiny', used: '' },
      { key: 'hubEndpoint', workspace: 'https://user:secret@mirror.example/', used: '' },
    ]);
    assert.match(message, /"\.\/tiny" \(used: the embedded model\)/u, message);
    assert.doesNotMatch(message, /secret/u, message);
    assert.match(message, /mirror\.example/u, message);
  });
});

describe('an invalid workspace value in an untrusted workspace', () => {
  // Of a STRICTER key, the user's own value applies then, not the default: the notice said "The default, 500, applies".
  it('names the value that applies: the user’s own', async () => {
    const { invalidSettingMessage } = await import('../../../src/host/settingsNotice');
    const message = invalidSettingMessage({ key: 'surprisalDebounceMs', value: -1, used: 800 }, 'workspace');
    assert.match(message, /800/u, message);
    assert.doesNotMatch(message, /default/u, message);
    // Where the default is what applies, it is said as the default.
    assert.match(invalidSettingMessage({ key: 'surprisalDebounceMs', value: -1, used: 500 }, 'workspace'), /The default, 500/u);
  });
});
