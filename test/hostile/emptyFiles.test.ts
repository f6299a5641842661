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

// A folder cloned without Git LFS holds, in place of each large file, a pointer of three lines. Before,
// a pointer for onnx/model.onnx read "not a readable ONNX model (index out of range: 4 + 115 > 67)"
// and one for tokenizer.json "is not valid JSON"; now the pointer is named, with what to run.
describe('a Git LFS pointer in place of a model file', () => {
  for (const file of ['onnx/model.onnx', 'tokenizer.json', 'config.json']) {
    it(`${file} a pointer: named as one, with "git lfs pull"`, async () => {
      const folder = modelCopy();
      const oid = 'a'.repeat(64);
      writeFileSync(path.join(folder, file), `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize 217879\n`);
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 30_000 });
      assert.equal(
        oneLine(run),
        `attention-lens: model ${folder}: ${file} is a Git LFS pointer, not the file itself (the folder was cloned without Git LFS); run "git lfs pull" in the folder`,
      );
    });
  }
});
