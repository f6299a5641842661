// A model folder whose required files are empty (hostile models, round 13): a copy or download that
// stopped before its first byte. Before, a 0-byte onnx/model.onnx read "<folder> (onnx/model.onnx):
// the ONNX file has no graph (truncated or not a model)", in another form than every other model
// line, and a 0-byte config.json or tokenizer.json read "is not valid JSON", which sends the person
// looking for a syntax error. Now each is named as empty, in the one form, before anything parses it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-empty-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the mat.\n');

describe('a required model file of 0 bytes', () => {
  for (const file of ['onnx/model.onnx', 'config.json', 'tokenizer.json']) {
    it(`${file} empty: named as empty, in the model's one form`, async () => {
      const folder = modelCopy();
      writeFileSync(path.join(folder, file), '');
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 30_000 });
      assert.equal(
        oneLine(run),
        `attention-lens: model ${folder}: ${file} is empty (0 bytes), as a copy or download that stopped at its start leaves it; copy it again`,
      );
    });
  }
});
