// A person's own invalid value in an untrusted workspace. Of a tighten-only setting (config.ts
// STRICTER), the user's value is what a workspace may only tighten; when it is invalid
// (maxTokens: "lots") the default stands in for it. The notice read only the merged value,
// which is the workspace's valid one there, so nobody was ever told their own value was wrong.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Inspected } from '../../../src/host/config';
import { settingProblems } from '../../../src/host/config';
import { invalidSettingMessage } from '../../../src/host/settingsNotice';

/** VS Code's `get` (workspace over user) and `inspect` over two settings files. */
function files(user: Record<string, unknown>, workspace: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...user, ...workspace };
  return {
    get: (key: string): unknown => merged[key],
    inspect: (key: string): Inspected & { workspaceValue?: unknown } => ({ globalValue: user[key], workspaceValue: workspace[key] }),
  };
}

describe('settingProblems: the values the extension cannot use, and where each is set', () => {
  it('names the user’s invalid value of a tighten-only setting that an untrusted workspace also sets', () => {
    const { get, inspect } = files({ maxTokens: 'lots' }, { maxTokens: 1024 });
    assert.deepEqual(settingProblems(get, inspect, false), [{ key: 'maxTokens', value: 'lots', scope: 'user' }]);
  });

  it('names both where both files are wrong, each with its own file', () => {
    const { get, inspect } = files({ surprisalDebounceMs: -5 }, { surprisalDebounceMs: 'slow' });
    assert.deepEqual(settingProblems(get, inspect, false), [
      { key: 'surprisalDebounceMs', value: -5, scope: 'user' },
      { key: 'surprisalDebounceMs', value: 'slow', scope: 'workspace' },
    ]);
  });

  it('names the user’s invalid model folder, the one an untrusted workspace reads, not the workspace’s', () => {
    const { get, inspect } = files({ decoderModel: 'not a model!' }, { decoderModel: './tiny' });
    assert.deepEqual(settingProblems(get, inspect, false), [{ key: 'decoderModel', value: 'not a model!', scope: 'user' }]);
  });

  it('in a trusted workspace, names only what applies: the workspace’s value hides the user’s', () => {
    const { get, inspect } = files({ maxTokens: 'lots', topK: 0 }, { maxTokens: 1024 });
    assert.deepEqual(settingProblems(get, inspect, true), [{ key: 'topK', value: 0, scope: 'user' }]);
  });

  it('says nothing of valid values', () => {
    const { get, inspect } = files({ maxTokens: 300 }, { maxTokens: 100, decoderModel: './tiny' });
    assert.deepEqual(settingProblems(get, inspect, false), []);
  });
});

describe('the notice of a user’s invalid value that a stricter workspace value overrides', () => {
  it('names the value that applies, not the default', () => {
    const message = invalidSettingMessage({ key: 'maxTokens', value: 'lots', used: 256 }, 'user');
    assert.match(message, /your user settings/u, message);
    assert.match(message, /256/u, message);
    assert.doesNotMatch(message, /The default, 512, applies/u, message);
    // Where the default is what applies, it is said as the default, as before.
    assert.match(invalidSettingMessage({ key: 'maxTokens', value: 'lots', used: 512 }, 'user'), /The default, 512, applies/u);
  });
});
