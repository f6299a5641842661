// The next-sentence accuracy the BERT tab and the CLI quote beside P(IsNext) is the model card's own
// measurement (models/MODEL_CARD.md, "next-sentence accuracy" rows), for the embedded encoder, and
// a model nobody measured has none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { nspAccuracy } from '../../../src/protocol/modelCard';
import { ROOT } from '../../support/paths';

/** The card's row that starts with `label`: its Spanish and English figures. */
function cardRow(label: string): { es: number; en: number } {
  const card = readFileSync(path.join(ROOT, 'models', 'MODEL_CARD.md'), 'utf8');
  const line = card.split('\n').find((l) => l.startsWith(`| ${label} |`));
  assert.ok(line, `the card has a row "${label}"`);
  const [es, en] = line
    .split('|')
    .slice(2, 4)
    .map((c) => Number(c.trim()));
  return { es, en };
}

describe('the model card’s next-sentence accuracy', () => {
  it('is what the embedded encoder’s figures say, by name or by folder', () => {
    for (const id of [EMBEDDED_ENCODER, embeddedModel(EMBEDDED_ENCODER), `${embeddedModel(EMBEDDED_ENCODER)}/`, 'C:\\ext\\models\\tiny-bert-es-en']) {
      const figures = nspAccuracy(id);
      assert.ok(figures, id);
      assert.deepEqual(figures.everyday, cardRow('next-sentence accuracy, everyday'));
      assert.deepEqual(figures.test, cardRow('next-sentence accuracy, test'));
    }
  });

  it('is what the course’s next-sentence unit quotes, in each language’s notation', () => {
    const figures = nspAccuracy(EMBEDDED_ENCODER);
    assert.ok(figures);
    for (const lang of ['es', 'en']) {
      const unit = readFileSync(path.join(ROOT, 'media/course', lang, 'units/19-next-sentence.md'), 'utf8').replace(/\s+/g, ' ');
      for (const p of [figures.everyday.es, figures.everyday.en]) {
        const written = lang === 'es' ? `${(p * 100).toFixed(1).replace('.', ',')} %` : `${(p * 100).toFixed(1)}%`;
        assert.ok(unit.includes(written), `${lang}: the unit quotes ${written}`);
      }
    }
  });

  it('is null for a model the card does not cover', () => {
    assert.equal(nspAccuracy('google-bert/bert-base-uncased'), null);
    assert.equal(nspAccuracy('/tmp/my-bert'), null);
    assert.equal(nspAccuracy('constructor'), null);
  });
});
