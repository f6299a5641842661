// Each language quotes in its own way (l10n/STYLE.es.md): Spanish with « », English with “ ”. The English strings
// are the bundle's keys; one with « » showed the Spanish marks to an English user («bank» in the
// Representations tab, beside “bank” in the hover and the notifications).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

describe('quotation marks per language', () => {
  it('no English string quotes with « »', () => {
    const bundle = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
    const spanishMarks = Object.keys(bundle).filter((key) => /[«»]/.test(key));
    assert.deepEqual(spanishMarks, []);
  });
});
