// Hostile tokenizer.json and special tokens (issue: hostile models, sixth pass). Before: a
// normalizer that grows the text 100× (a Replace of every character) had the first cut of a long
// range (65,536 characters each side of the focus) turned into millions of characters before
// tokenizing, so a 70,000-character text kept the engine busy past a minute; an encoder whose
// tokenizer has no mask token said "no mask tokens: add [MASK] to the text" to a text that holds
// [MASK], and nothing at load; an added token with empty content was listed as a blank name.
// Tokenizers that already fail cleanly (merges that loop, no pre_tokenizer) are held here too.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-tokenizer-');
const cache = path.join(work, 'cache');

type Json = Record<string, unknown> & { model: { vocab: Record<string, number>; merges?: unknown[] }; added_tokens: { id: number; content: string }[] };

/** A copy of `fixture` whose tokenizer.json (and tokenizer_config.json) `edit` changes. */
function tokenizerCopy(fixture: string, edit: (tokenizer: Json, config: Record<string, unknown>) => void): string {
  const folder = modelCopy(fixture);
  const file = (name: string) => path.join(folder, name);
  const tokenizer = JSON.parse(readFileSync(file('tokenizer.json'), 'utf8')) as Json;
  const config = JSON.parse(readFileSync(file('tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  edit(tokenizer, config);
  writeFileSync(file('tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(file('tokenizer_config.json'), JSON.stringify(config));
  return folder;
}

async function analyze(folder: string, text: string, timeoutMs = 60_000) {
  const file = path.join(work, 'text.txt');
  writeFileSync(file, text);
  return cli(['analyze', file, '--model', folder, '--cache-dir', cache, '--offline'], { timeoutMs });
}

describe('a hostile tokenizer.json', () => {
  it('a normalizer that grows the text 100×: a 70,000-character text is windowed in seconds, its total said to be an estimate', async () => {
    const folder = tokenizerCopy('tiny-gpt2', (t) => {
      t.normalizer = { type: 'Replace', pattern: { Regex: '(.)' }, content: `$1${'x'.repeat(99)}` };
    });
    const run = await analyze(folder, 'The river bank was steep and the water ran fast. '.repeat(1400), 60_000);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.seconds < 20, `${run.seconds} s`);
    assert.match(run.stdout, /notice +text is about \d+ tokens, more than the 128 this analysis allows/);
  });

  it('merges that undo each other (a loop): tokenizes and runs', async () => {
    const folder = tokenizerCopy('tiny-gpt2', (t) => {
      const merges = t.model.merges ?? [];
      const swapped = merges.slice(0, 20).map((m) => (Array.isArray(m) ? [m[1], m[0]] : String(m).split(' ').reverse().join(' ')));
      t.model.merges = [...merges, ...swapped, ...merges.slice(0, 20)];
    });
    const run = await analyze(folder, 'The river bank was steep.\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /next token: /);
  });

  it('no pre_tokenizer in a WordPiece tokenizer: refused at load in one line naming it', async () => {
    const folder = tokenizerCopy('tiny-bert', (t) => {
      delete t.pre_tokenizer;
    });
    const run = await analyze(folder, 'The [MASK] sat.\n');
    assert.match(oneLine(run), /tokenizer could not be loaded \(.*pre_tokenizer/);
  });

  it('an added token with empty content: a candidate it decodes to is named "∅", not left blank', async () => {
    const folder = tokenizerCopy('tiny-bert', (t) => {
      const id = t.model.vocab.values;
      assert.ok(Number.isInteger(id), 'the fixture has "values"');
      t.added_tokens.push({ id, content: '', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true } as never);
    });
    const run = await analyze(folder, 'The [MASK] sat on the mat. The river bank was steep.\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\[MASK\]: .* · ∅ [\d.]+%/);
    assert.doesNotMatch(run.stdout, / · {2}[\d.]+%/, 'no blank candidate');
  });
});

describe('hostile special tokens', () => {
  it('an encoder whose tokenizer has no mask token: one notice at load, no "add [MASK]" advice', async () => {
    const folder = tokenizerCopy('tiny-bert', (t, config) => {
      t.added_tokens = t.added_tokens.filter((a) => a.content !== '[MASK]');
      delete t.model.vocab['[MASK]'];
      delete config.mask_token;
    });
    const run = await analyze(folder, 'The [MASK] sat on the mat.\n');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /notice +the tokenizer has no mask token: this encoder's masked-word predictions are not available, only its attention/);
    assert.match(run.stdout, /masked-word predictions: none \(see the notice\)/);
    assert.doesNotMatch(run.stdout, /add \[MASK\]/);
  });
});
