// The model settings (attentionLens.encoderModel / decoderModel) as settings.json may hold them: a
// value that is neither a hub id nor a model folder used to be taken as it was, said by no one
// until an analysis failed with the engine's words ("not a model folder or hub id"), which name no
// setting. Now it is named when it is set, like every value the extension cannot use, and the
// embedded model — said as such, not as "" — is used meanwhile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidSettings, readConfig } from '../../../src/host/config';
import { invalidSettingMessage } from '../../../src/host/settingsNotice';

const only = (key: string, value: unknown) => (asked: string) => (asked === key ? value : undefined);

describe('model settings: a value that names no model', () => {
  it('is invalid: neither a hub id nor a folder (absolute, ./, ../ or ~)', () => {
    for (const key of ['encoderModel', 'decoderModel'])
      for (const value of ['not a model!!', 'a/b/c', 'owner/', 'https://hub.example/owner/model', 'models\\x', 'a/..'])
        assert.deepEqual(
          invalidSettings(only(key, value)).map((p) => p.key),
          [key],
          `${key} = ${JSON.stringify(value)}`,
        );
  });

  it('is valid: empty, a hub id, or a folder reference (which the engine checks when it loads)', () => {
    for (const key of ['encoderModel', 'decoderModel'])
      for (const value of ['', '  ', 'gpt2', 'Xenova/gpt2', ' Xenova/bert-base-uncased ', './models/x', '../x', '~/models/x', '/opt/models/x', 'C:\\models\\x'])
        assert.deepEqual(invalidSettings(only(key, value)), [], `${key} = ${JSON.stringify(value)}`);
  });

  it('falls back to the embedded model (the empty default)', () => {
    assert.equal(readConfig(only('decoderModel', 'not a model!!')).decoderModel, '');
  });

  it('is named with the setting, what it takes and the embedded model that applies, not ""', () => {
    const message = invalidSettingMessage({ key: 'decoderModel', value: 'not a model!!' }, 'user');
    assert.match(message, /attentionLens\.decoderModel/u);
    assert.match(message, /"not a model!!"/u);
    assert.match(message, /hub id/u);
    assert.match(message, /embedded model/u);
    assert.doesNotMatch(message, /""/u, message);
  });
});

describe('settings whose default is empty say what the empty default does', () => {
  it('cacheDir: the per-user model cache; hubEndpoint: HF_ENDPOINT, else the hub', () => {
    const cache = invalidSettingMessage({ key: 'cacheDir', value: 'models/cache' }, 'user');
    assert.doesNotMatch(cache, /""/u, cache);
    assert.match(cache, /model cache/u, cache);
    const hub = invalidSettingMessage({ key: 'hubEndpoint', value: 'hub.example.com' }, 'workspace');
    assert.doesNotMatch(hub, /""/u, hub);
    assert.match(hub, /HF_ENDPOINT/u, hub);
  });
});

describe('a number settings.json holds that JSON cannot spell', () => {
  // 1e999 in settings.json is read as Infinity, which JSON.stringify spells "null": the notice said "is null".
  it('is said as written, not as null', () => {
    const message = invalidSettingMessage({ key: 'maxTokens', value: Infinity }, 'user');
    assert.match(message, /is Infinity,/u, message);
    assert.doesNotMatch(message, /null/u, message);
  });
});
