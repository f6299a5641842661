// The Settings editor names a wrong folder, address or model as it is typed: package.json gives
// cacheDir, hubEndpoint, encoderModel and decoderModel a `pattern` with a localized
// `patternErrorMessage`. Without them the editor accepted "models/cache" or "hub.example.com"
// silently; only a notification, once the value was saved, said it. A pattern never flags a value
// the extension takes (it may let through a rare one the extension's check then names).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { invalidSettings } from '../../../src/host/config';

const root = path.join(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { pattern?: string; patternErrorMessage?: string }> } };
};
const nls = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;

const takes = (key: string, value: string): boolean => invalidSettings((k) => (k === key ? value : undefined)).length === 0;

const SAMPLES: Record<string, { readonly good: readonly string[]; readonly bad: readonly string[] }> = {
  cacheDir: { good: ['', '  ', '/var/cache/al', '~', '~/cache', ' ~/cache ', 'C:\\cache', 'D:/cache'], bad: ['models/cache', './cache', '../cache', 'cache'] },
  hubEndpoint: {
    good: ['', '  ', 'http://127.0.0.1:8080', 'https://mirror.example/hf/', ' https://mirror/ ', 'HTTPS://Mirror.example'],
    bad: ['hub.example.com', 'not an address', 'ftp://mirror/', 'file:///etc/', 'javascript:alert(1)'],
  },
  encoderModel: {
    good: [
      '',
      ' ',
      'gpt2',
      'Xenova/gpt2',
      ' Xenova/bert-base-uncased ',
      './models/x',
      '../x',
      '.',
      '~',
      '~/models/x',
      '/opt/models/x',
      'C:\\models\\x',
      'a.b-c_d/e.f',
    ],
    bad: ['not a model!!', 'a/b/c', 'owner/', 'https://hub.example/owner/model', 'models\\x', 'a/..', '..x/y/z'],
  },
};
SAMPLES.decoderModel = SAMPLES.encoderModel;

describe('setting patterns in package.json', () => {
  for (const [key, { good, bad }] of Object.entries(SAMPLES))
    it(`attentionLens.${key}: flags what the extension refuses, never what it takes, with a localized message`, () => {
      const property = manifest.contributes.configuration.properties[`attentionLens.${key}`];
      assert.ok(property.pattern, `${key} has a pattern`);
      // Read with and without the `u` flag: the editor's validation is not bound to one.
      for (const pattern of [new RegExp(property.pattern, 'u'), new RegExp(property.pattern)]) {
        for (const value of good) {
          assert.ok(takes(key, value), `the extension takes ${JSON.stringify(value)}`);
          assert.ok(pattern.test(value), `the pattern flags ${JSON.stringify(value)}, which the extension takes`);
        }
        for (const value of bad) {
          assert.ok(!takes(key, value), `the extension refuses ${JSON.stringify(value)}`);
          assert.ok(!pattern.test(value), `the pattern lets ${JSON.stringify(value)} through`);
        }
      }
      const message = /^%(.+)%$/u.exec(property.patternErrorMessage ?? '')?.[1];
      assert.ok(message, `${key}: patternErrorMessage is a %key%`);
      assert.ok(nls('package.nls.json')[message], message);
      assert.ok(nls('package.nls.es.json')[message], message);
    });
});
