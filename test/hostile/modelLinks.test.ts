// Model folders whose files are links that cannot be followed (hostile models, round 13). Before:
// onnx/model.onnx linked to itself, or to a file that is gone (a Hugging Face snapshot whose blob
// was deleted), read "has no fp32 weights … run again with --precision fp16", as if the file had
// never been there; config.json or tokenizer.json so linked read "is missing config.json"; a model
// folder that is such a link read "model folder not found". Now the line names the link and why it
// cannot be followed, so the person replaces the link rather than looking for a file.
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveModel } from '../../src/engine/modelSource';
import { scratch } from '../support/paths';
import { cli, oneLine, type CliRun } from './support/cliChild';
import { linkFile, modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-links-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the mat.\n');
const run = (model: string): Promise<CliRun> =>
  cli(['analyze', text, '--model', model, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 30_000 });

describe('model files that are links which cannot be followed', () => {
  for (const file of ['onnx/model.onnx', 'config.json', 'tokenizer.json', 'tokenizer_config.json']) {
    it(`${file} linked to itself: the loop is named, not a missing file`, async () => {
      const folder = modelCopy();
      linkFile(folder, file, path.basename(file));
      const r = await run(folder);
      assert.equal(r.code, 2);
      assert.equal(oneLine(r), `attention-lens: model ${folder}: ${file} is a link that leads back to itself; replace it by the file it stands for`);
    });
  }

  it('onnx/model.onnx linked to a file that is gone: the link and its target are named', async () => {
    const folder = modelCopy();
    const gone = path.join(work, 'blobs', 'deadbeef');
    linkFile(folder, 'onnx/model.onnx', gone);
    const r = await run(folder);
    assert.equal(r.code, 2);
    assert.equal(
      oneLine(r),
      `attention-lens: model ${folder}: onnx/model.onnx is a link to ${gone}, which does not exist; replace it by the file it stands for`,
    );
  });

  it('a model folder that is a link to itself: named as a loop, not "not found"', async () => {
    const folder = path.join(work, 'loop');
    symlinkSync('loop', folder);
    const r = await run(folder);
    assert.equal(r.code, 2);
    assert.equal(oneLine(r), `attention-lens: model folder ${folder} is a link that leads back to itself; give the folder it stands for`);
    // The extension prefixes a not-found code with "A file or folder was not found": the folder is there, unreadable.
    await assert.rejects(resolveModel(folder, { cacheDir: path.join(work, 'cache'), allowRemote: false, remoteHost: '', remotePathTemplate: '' }), {
      code: 'model-corrupt',
    });
  });
});
