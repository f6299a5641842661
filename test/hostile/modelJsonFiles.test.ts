// The JSON files transformers.js reads itself (hostile models, round 13): tokenizer.json,
// tokenizer_config.json and a decoder's generation_config.json. Before, an empty or truncated one
// read "tokenizer could not be loaded (Unexpected end of JSON input)" without saying which file; a
// tokenizer_config.json of `null` leaked "Cannot read properties of null (reading
// 'tokenizer_class')"; a generation_config.json cut short read "onnxruntime could not load the
// model (Expected property name …)", blaming the weights. Now the one line names the file and what
// is wrong with it, as config.json's does, and never quotes its content.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli, oneLine, type CliRun } from './support/cliChild';
import { modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-json-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the mat.\n');
const run = (model: string): Promise<CliRun> =>
  cli(['analyze', text, '--model', model, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 30_000 });

/** Each row: the fixture, the file, its hostile content, and what the line says of it. */
const CASES: readonly { fixture: string; file: string; content: string; says: string }[] = [
  { fixture: 'tiny-bert', file: 'tokenizer.json', content: ' \n', says: 'is not valid JSON' },
  { fixture: 'tiny-bert', file: 'tokenizer.json', content: '{"version": "1.0", "model": {"vocab": {"secret', says: 'is not valid JSON' },
  { fixture: 'tiny-bert', file: 'tokenizer.json', content: 'null', says: 'is not a JSON object' },
  { fixture: 'tiny-bert', file: 'tokenizer_config.json', content: '', says: 'is not valid JSON' },
  { fixture: 'tiny-bert', file: 'tokenizer_config.json', content: 'null', says: 'is not a JSON object' },
  { fixture: 'tiny-bert', file: 'tokenizer_config.json', content: '[1, 2]', says: 'is not a JSON object' },
  { fixture: 'tiny-gpt2', file: 'generation_config.json', content: '{', says: 'is not valid JSON' },
];

describe('a JSON file of the model that transformers.js reads, broken', () => {
  for (const { fixture, file, content, says } of CASES) {
    it(`${fixture}'s ${file} of ${JSON.stringify(content)}: the line names the file`, async () => {
      const folder = modelCopy(fixture);
      writeFileSync(path.join(folder, file), content);
      const line = oneLine(await run(folder));
      assert.equal(line, `attention-lens: model ${folder}: ${file} ${says}`);
    });
  }
});

describe('a tokenizer.json nested deeper than transformers.js can build', () => {
  for (const part of ['normalizer', 'pre_tokenizer'] as const) {
    it(`a ${part} of 20,000 Sequences, each inside the next: the line names the nesting, not the call stack`, async () => {
      const folder = modelCopy('tiny-bert');
      const file = path.join(folder, 'tokenizer.json');
      const [inner, list] = part === 'normalizer' ? ['{"type":"Lowercase"}', 'normalizers'] : ['{"type":"Whitespace"}', 'pretokenizers'];
      let nested = inner;
      for (let i = 0; i < 20_000; i++) nested = `{"type":"Sequence","${list}":[${nested}]}`;
      const tokenizer = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      tokenizer[part] = 'NESTED';
      writeFileSync(file, JSON.stringify(tokenizer).replace('"NESTED"', nested));
      const line = oneLine(await run(folder));
      assert.doesNotMatch(line, /call stack/);
      assert.equal(
        line,
        `attention-lens: model ${folder}: tokenizer.json nests its parts (a normalizer or pre-tokenizer inside another) deeper than transformers.js can build; it was not loaded`,
      );
    });
  }
});
