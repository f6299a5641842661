// When a changed setting takes effect, as the Settings editor says it: each setting's description,
// in English and Spanish, ends by saying whether it applies at once or from the next analysis (edit,
// request), so that a person who changes maxTokens with an analysis open does not take the
// unchanged panel for a setting that does nothing. The words match what the host does
// (extension.ts onDidChange; engineService.ts updateConfig).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SETTINGS } from '../../../src/host/config';

const root = path.join(import.meta.dirname, '..', '..', '..');
const read = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;

/** When each setting applies: what the host does on a change. */
const WHEN = {
  atOnce: ['defaultLayer', 'headAggregation', 'defaultHead', 'spotlightTokens', 'cacheMemoryMB', 'language'],
  nextAnalysis: [
    'analyzeWith',
    'encoderModel',
    'decoderModel',
    'maxTokens',
    'device',
    'allowRemoteModels',
    'topK',
    'hubEndpoint',
    'cacheDir',
    'modelPrecision',
    'weightsFallback',
    'memoryBudgetMB',
  ],
  nextEdit: ['surprisalDebounceMs'],
  nextRequest: ['requestTimeoutSeconds'],
} as const;

const WORDS = {
  en: {
    atOnce: 'Applies at once',
    nextAnalysis: 'Applies from the next analysis',
    nextEdit: 'Applies from the next edit',
    nextRequest: 'Applies from the next request',
  },
  es: {
    atOnce: 'Se aplica al instante',
    nextAnalysis: 'Se aplica desde el siguiente análisis',
    nextEdit: 'Se aplica desde la siguiente edición',
    nextRequest: 'Se aplica desde la siguiente petición',
  },
} as const;

describe('setting descriptions say when a change takes effect', () => {
  it('covers every setting once', () => {
    assert.deepEqual(Object.values(WHEN).flat().sort(), Object.keys(SETTINGS).sort());
  });

  for (const [language, file] of [
    ['en', 'package.nls.json'],
    ['es', 'package.nls.es.json'],
  ] as const)
    it(`in ${file}`, () => {
      const nls = read(file);
      const missing: string[] = [];
      for (const [when, keys] of Object.entries(WHEN) as [keyof typeof WHEN, readonly string[]][])
        for (const key of keys) {
          const description = nls[`config.${key}.description`];
          if (!description?.includes(WORDS[language][when])) missing.push(`${key}: "${WORDS[language][when]}" not in ${JSON.stringify(description)}`);
        }
      assert.deepEqual(missing, []);
    });
});
