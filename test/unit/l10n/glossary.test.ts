// The ES/EN glossary (l10n/glossary.json) through its loader: complete in both languages, one
// entry per concept, links that resolve, the style guide's terms; and clear errors for broken files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GlossaryError, lookup, parseGlossary } from '../../../src/protocol/glossary';
import { ROOT } from '../../support/paths';

const raw = JSON.parse(readFileSync(path.join(ROOT, 'l10n/glossary.json'), 'utf8')) as { entries: Record<string, unknown>[] };

describe('the glossary', () => {
  const glossary = parseGlossary(raw);

  it('defines every term in English and Spanish', () => {
    assert.deepEqual(glossary.languages, ['en', 'es']);
    assert.ok(glossary.entries.length >= 40, `${glossary.entries.length} entries`);
  });

  it("uses the style guide's Spanish terms for the lecture's concepts", () => {
    const es = (id: string): string | undefined => lookup(glossary, id, 'es')?.term;
    assert.deepEqual(
      [
        'multi-head-attention',
        'causal-mask',
        'positional-encoding',
        'fine-tuning',
        'head',
        'layer',
        'next-sentence-prediction',
        'self-attention',
        'encoder',
        'decoder',
      ].map(es),
      [
        'atención multicabezal',
        'máscara causal',
        'codificación posicional',
        'afinamiento',
        'cabeza',
        'capa',
        'predicción de la siguiente oración',
        'autoatención',
        'codificador',
        'decodificador',
      ],
    );
    assert.deepEqual(['transformer', 'token', 'query'].map(es), ['Transformer', 'token', 'Query'], 'kept as the course keeps them');
    assert.equal(lookup(glossary, 'causal-mask', 'de')?.term, 'causal mask', 'another language falls back to English');
    assert.equal(lookup(glossary, 'nope', 'es'), null);
  });

  it('gives each concept one Spanish name: no two entries share a term', () => {
    for (const lang of glossary.languages) {
      const terms = glossary.entries.map((e) => e.term[lang].toLowerCase());
      assert.deepEqual(
        terms.filter((term, i) => terms.indexOf(term) !== i),
        [],
        lang,
      );
    }
  });
});

describe('parseGlossary', () => {
  const broken = (change: (g: { languages: unknown; entries: Record<string, unknown>[] }) => void): string => {
    const copy = structuredClone({ languages: ['en', 'es'], entries: raw.entries.slice(0, 3) }) as { languages: unknown; entries: Record<string, unknown>[] };
    change(copy);
    try {
      parseGlossary(copy);
      return 'no error';
    } catch (error) {
      assert.ok(error instanceof GlossaryError);
      return error.message;
    }
  };

  it('names the entry and the field at fault', () => {
    assert.match(
      broken((g) => delete (g.entries[1].definition as Record<string, string>).es),
      /entries\[1\] \(word-embedding\)\.definition\.es: is missing/,
    );
    assert.match(
      broken((g) => (g.entries[2].id = g.entries[0].id)),
      /entries\[2\] \(bag-of-words\)\.id: appears twice/,
    );
    assert.match(
      broken((g) => (g.entries[0].see = ['nowhere'])),
      /entries\[0\] \(bag-of-words\)\.see: names no entry 'nowhere'/,
    );
    assert.match(
      broken((g) => (g.entries[0].id = 'Bag of words')),
      /entries\[0\] \(Bag of words\)\.id: must be kebab-case/,
    );
    assert.match(
      broken((g) => (g.entries[0].aliases = { fr: ['sac de mots'] })),
      /aliases\.fr/,
    );
    assert.match(
      broken((g) => (g.languages = [])),
      /languages/,
    );
  });
});
