// Restricted Mode (issue 14, item 3): a workspace that is not trusted may only make the settings
// that guard the machine stricter than the user's own — it cannot turn downloads back on, switch
// the memory guard off (0) or raise the token limit; trusting it applies its values as they are.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidSettings, readConfig, SETTINGS, STRICTER, trustedGet, type Config } from '../../../src/host/config';

/** The effective value (workspace over user, as VS Code's `get` merges them) and the user's own. */
function configFor(user: Partial<Config>, workspace: Partial<Config>, trusted: boolean): Config {
  const merged: Record<string, unknown> = { ...user, ...workspace };
  return readConfig(
    trustedGet(
      (key) => merged[key],
      (key) => ({ globalValue: (user as Record<string, unknown>)[key] }),
      trusted,
    ),
  );
}

describe('untrusted workspace settings', () => {
  it('cannot turn downloads back on, but can turn them off', () => {
    assert.equal(configFor({ allowRemoteModels: false }, { allowRemoteModels: true }, false).allowRemoteModels, false);
    assert.equal(configFor({ allowRemoteModels: true }, { allowRemoteModels: false }, false).allowRemoteModels, false);
    assert.equal(configFor({}, { allowRemoteModels: false }, false).allowRemoteModels, false);
  });

  it('cannot switch the memory guard off (0) or loosen it, but can tighten it', () => {
    assert.equal(configFor({}, { memoryBudgetMB: 0 }, false).memoryBudgetMB, SETTINGS.memoryBudgetMB.default);
    assert.equal(configFor({ memoryBudgetMB: 1024 }, { memoryBudgetMB: 0 }, false).memoryBudgetMB, 1024);
    assert.equal(configFor({ memoryBudgetMB: 1024 }, { memoryBudgetMB: 999_999 }, false).memoryBudgetMB, 1024);
    assert.equal(configFor({ memoryBudgetMB: 1024 }, { memoryBudgetMB: 256 }, false).memoryBudgetMB, 256);
    assert.equal(configFor({ memoryBudgetMB: 0 }, { memoryBudgetMB: 256 }, false).memoryBudgetMB, 256, 'any budget is stricter than none');
  });

  it('cannot raise maxTokens or the analysis cache, nor shorten the debounce', () => {
    const c = configFor(
      { maxTokens: 256, cacheMemoryMB: 64, surprisalDebounceMs: 800 },
      { maxTokens: 4096, cacheMemoryMB: 8192, surprisalDebounceMs: 0 },
      false,
    );
    assert.equal(c.maxTokens, 256);
    assert.equal(c.cacheMemoryMB, 64);
    assert.equal(c.surprisalDebounceMs, 800);
    const d = configFor({}, { maxTokens: 4096, surprisalDebounceMs: 0 }, false);
    assert.equal(d.maxTokens, SETTINGS.maxTokens.default);
    assert.equal(d.surprisalDebounceMs, SETTINGS.surprisalDebounceMs.default);
    const e = configFor({}, { maxTokens: 64, cacheMemoryMB: 16, surprisalDebounceMs: 2000 }, false);
    assert.deepEqual([e.maxTokens, e.cacheMemoryMB, e.surprisalDebounceMs], [64, 16, 2000]);
  });

  it("ignores invalid workspace values and keeps the user's", () => {
    assert.equal(configFor({ maxTokens: 300 }, { maxTokens: -5 as number }, false).maxTokens, 300);
    assert.equal(configFor({ allowRemoteModels: false }, { allowRemoteModels: 'yes' as unknown as boolean }, false).allowRemoteModels, false);
  });

  it('ignores workspace model folders, the hub address and the cache folder', () => {
    const c = configFor(
      { decoderModel: '/home/me/gpt' },
      { decoderModel: './evil', encoderModel: '/evil', hubEndpoint: 'http://evil/', cacheDir: '/tmp/evil' },
      false,
    );
    assert.deepEqual([c.decoderModel, c.encoderModel, c.hubEndpoint, c.cacheDir], ['/home/me/gpt', '', '', '']);
  });

  it('takes every workspace value as it is once trusted', () => {
    const c = configFor(
      { allowRemoteModels: false, memoryBudgetMB: 1024, maxTokens: 256 },
      { allowRemoteModels: true, memoryBudgetMB: 0, maxTokens: 4096, hubEndpoint: 'http://mirror/', surprisalDebounceMs: 0 },
      true,
    );
    assert.deepEqual([c.allowRemoteModels, c.memoryBudgetMB, c.maxTokens, c.hubEndpoint, c.surprisalDebounceMs], [true, 0, 4096, 'http://mirror/', 0]);
  });

  it('covers the settings that guard downloads, memory and work', () => {
    assert.deepEqual(Object.keys(STRICTER).sort(), ['allowRemoteModels', 'cacheMemoryMB', 'maxTokens', 'memoryBudgetMB', 'surprisalDebounceMs']);
  });
});

describe('invalidSettings', () => {
  it('names each set value readConfig cannot use, and none that are unset or valid', () => {
    const values: Record<string, unknown> = { maxTokens: 'lots', device: 'gpu', topK: 0, language: 'es', allowRemoteModels: 'yes', defaultLayer: 2.5 };
    assert.deepEqual(
      invalidSettings((key) => values[key]).map((p) => p.key),
      ['maxTokens', 'device', 'allowRemoteModels', 'defaultLayer', 'topK'],
    );
    assert.deepEqual(
      invalidSettings(() => undefined),
      [],
    );
    // The model cache's folder is read against nothing: only an absolute one or one from ~ (or none) is usable.
    const cacheDir = (folder: string) => invalidSettings((key) => (key === 'cacheDir' ? folder : undefined)).map((p) => p.key);
    for (const folder of ['models/cache', './cache', '../cache', 'cache']) assert.deepEqual(cacheDir(folder), ['cacheDir'], folder);
    for (const folder of ['', '  ', '/var/cache/al', '~', '~/cache', 'C:\\cache']) assert.deepEqual(cacheDir(folder), [], folder);
    // The hub address is fetched from: one without http(s):// used to be taken, and every download then failed.
    const hub = (address: string) => invalidSettings((key) => (key === 'hubEndpoint' ? address : undefined)).map((p) => p.key);
    for (const address of ['hub.example.com', 'not an address', 'ftp://mirror/', 'file:///etc/', 'javascript:alert(1)', 'http://[::1'])
      assert.deepEqual(hub(address), ['hubEndpoint'], address);
    for (const address of ['', '  ', 'http://127.0.0.1:8080', 'https://mirror.example/hf/', ' https://mirror/ ']) assert.deepEqual(hub(address), [], address);
  });
});
