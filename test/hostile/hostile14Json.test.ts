// A model's JSON file that parses but is no object (hostile models, round 14): a decoder's
// generation_config.json of `"hello"`, `[1, 2]` or `42` was accepted (transformers.js spreads what it
// reads into its generation config, a string's letters included) and the model ran, where the same
// content in config.json is refused as "not a JSON object". Now it is refused the same way, in one
// line naming the file, before anything is patched.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { modelCopy } from './support/securityModels';

const work = scratch('lens-hostile14-json-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The cat sat on the mat.\n');

describe('a JSON file of the model that is valid JSON but no object', () => {
  for (const [fixture, file, content] of [
    ['tiny-gpt2', 'generation_config.json', '"hello"'],
    ['tiny-gpt2', 'generation_config.json', '[1, 2]'],
    ['tiny-gpt2', 'generation_config.json', '42'],
    ['tiny-gpt2', 'tokenizer_config.json', '"hello"'],
    ['tiny-bert', 'tokenizer_config.json', '42'],
  ] as const) {
    it(`${fixture}'s ${file} of ${content}: refused as config.json's would be`, async () => {
      const folder = modelCopy(fixture);
      writeFileSync(path.join(folder, file), content);
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 30_000 });
      assert.equal(oneLine(run), `attention-lens: model ${folder}: ${file} is not a JSON object`);
    });
  }
});
