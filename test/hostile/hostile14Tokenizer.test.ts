// A tokenizer.json with an added token of a million characters (hostile models, round 14). It loaded,
// and every analysis of a long text then took a hundred times as long (a 1 MB text: 18.6 s, 0.19 s
// without it): transformers.js splits each text it encodes on its added tokens, and the window search
// encodes many pieces. No tokenizer's added token is that long (special tokens are tens of
// characters); one longer than MAX_ADDED_TOKEN is refused at the load, in one line naming the file.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { modelCopy } from './support/securityModels';

const work = scratch('lens-hostile14-tok-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The cat sat on the mat.\n');

describe('a tokenizer.json added token of a million characters', () => {
  for (const special of [false, true]) {
    it(`${special ? 'special' : 'not special'}: refused at the load, in one line naming tokenizer.json`, async () => {
      const folder = modelCopy('tiny-gpt2');
      const file = path.join(folder, 'tokenizer.json');
      const tokenizer = JSON.parse(readFileSync(file, 'utf8')) as { added_tokens: object[] };
      tokenizer.added_tokens.push({ id: 5, content: 'Z'.repeat(1_000_000), single_word: false, lstrip: false, rstrip: false, normalized: !special, special });
      writeFileSync(file, JSON.stringify(tokenizer));
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 30_000 });
      const line = oneLine(run);
      assert.match(
        line,
        /^attention-lens: model .*: tokenizer\.json's added token 5 is 1000000 characters long, more than the \d+ a token can be; it was not loaded$/,
        line,
      );
    });
  }
});
