// Facts in the glossary's definitions (l10n/glossary.json) that a student checks against the lecture and against
// the models in front of them: each as the embedded models and the course units show it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../../support/paths';

const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
const glossary = json('l10n/glossary.json') as { entries: { id: string; definition: Record<string, string> }[] };
const definition = (id: string): Record<string, string> => {
  const entry = glossary.entries.find((e) => e.id === id);
  assert.ok(entry, `no entry ${id}`);
  return entry.definition;
};

describe('the glossary says what the models do', () => {
  it('does not call a block’s fully connected network small: it is the widest part, most of the block’s weights', () => {
    const config = json('models/tiny-bert-es-en/config.json') as { hidden_size: number; intermediate_size: number };
    const d = config.hidden_size;
    const attention = 4 * d * d + 4 * d;
    const dense = 2 * d * config.intermediate_size + config.intermediate_size + d;
    assert.ok(dense > attention, 'the embedded encoder’s dense network outweighs its attention');
    const { en, es } = definition('transformer-block');
    assert.doesNotMatch(en, /\bsmall\b/i, en);
    assert.doesNotMatch(es, /pequeñ/i, es);
  });

  it('does not say later layers see more context: every layer attends to all of it (unit «Representaciones por capas»)', () => {
    const { en, es } = definition('layer');
    assert.doesNotMatch(en, /\bsee\w* (ever )?more context/i, en);
    assert.doesNotMatch(es, /\bven (cada vez )?más contexto/i, es);
    assert.match(en, /whole text|all of the text/i, en);
    assert.match(es, /todo el texto|el texto entero/i, es);
  });
});
