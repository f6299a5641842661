// Engine messages that named a path in full or quoted Node's raw error (hostile inputs, round 14).
// A patched graph that could not be read said "tiny: could not read its graph /root/.cache/…/
// model_attn.onnx (ENOENT: no such file or directory, open '/root/.cache/…')": the path twice, in
// full, a newline in a folder's name read as a space. A patched model that could not be written
// ended in "ENOTDIR: not a directory, rename '…' -> '…'". A model file that is no ONNX model read
// "tiny (onnx/model.onnx): not a readable ONNX model", where every other model-folder error reads
// "model tiny: onnx/model.onnx is …". Now each is one line: what failed, the folder as shownPath
// writes it (~ for home, a newline escaped), and what to do; no errno sentence.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EngineError } from '../../src/engine/errors';
import type { LoadedModel } from '../../src/engine/model';
import { PATCHER_VERSION } from '../../src/engine/onnx/patch';
import { ensurePatched } from '../../src/engine/patchCache';
import { embeddingTable } from '../../src/engine/repr/embedding';
import { graphFacts } from '../../src/engine/repr/graphFacts';
import { scratch } from '../support/paths';
import { modelCopy } from './support/securityModels';

/** Node's own wording of a file error ("ENOENT: no such file or directory, open '…'"). */
const ERRNO_SENTENCE = /E[A-Z]+: [a-z ]+, [a-z]+ '/;

async function failure(run: () => Promise<unknown>): Promise<EngineError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    return error;
  }
  assert.fail('it did not fail');
}

/** A loaded model as the graph readers see it: its id and its patched folder. */
const modelIn = (folder: string): LoadedModel => ({ facts: { id: 'tiny' }, patched: { folder } }) as unknown as LoadedModel;

describe('a patched graph that cannot be read', () => {
  for (const [what, read] of [
    ['graphFacts', graphFacts],
    ['embeddingTable', embeddingTable],
  ] as const) {
    it(`${what}: missing, in a folder with a newline in its name: one line, the folder escaped, what to do`, async () => {
      const folder = path.join(scratch(), 'a\nb');
      const error = await failure(() => read(modelIn(folder)));
      assert.equal(error.code, 'model-corrupt');
      assert.doesNotMatch(error.message, ERRNO_SENTENCE, error.message);
      assert.match(error.message, /^model tiny: its patched graph cannot be read \(ENOENT\) in .*a\\x0Ab; delete that folder/, error.message);
    });

    it(`${what}: not an ONNX graph: says so, without the parser's words`, async () => {
      const folder = path.join(scratch(), 'entry');
      mkdirSync(path.join(folder, 'onnx'), { recursive: true });
      writeFileSync(path.join(folder, 'onnx', 'model_attn.onnx'), Buffer.from([0x3a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
      const error = await failure(() => read(modelIn(folder)));
      assert.match(error.message, /^model tiny: its patched graph cannot be read \(not an ONNX graph\) in .*entry; delete that folder/, error.message);
    });
  }
});

describe('a patched model that cannot be written', () => {
  it('a file where its cache entry goes: one line naming the cache folder, no errno sentence', async () => {
    const source = modelCopy('tiny-bert');
    const cacheDir = path.join(scratch(), 'cache\nx');
    const { stat } = await import('node:fs/promises');
    const info = await stat(path.join(source, 'onnx', 'model.onnx'));
    mkdirSync(path.join(cacheDir, 'patched'), { recursive: true });
    const key = `${path.resolve(source, 'onnx', 'model.onnx')}|${info.size}|${info.mtimeMs}`;
    writeFileSync(path.join(cacheDir, 'patched', 'hashes.json'), JSON.stringify({ [key]: 'feedbeef' }));
    writeFileSync(path.join(cacheDir, 'patched', `feedbeef-p${PATCHER_VERSION}-f32k3`), 'in the way');
    const error = await failure(() => ensurePatched(source, 'tiny', { topK: 3 }, cacheDir));
    assert.doesNotMatch(error.message, ERRNO_SENTENCE, error.message);
    assert.match(error.message, /^could not write the patched model for tiny to .*cache\\x0Ax \(ENOTDIR\): /, error.message);
    assert.match(error.message, /attentionLens\.cacheDir/);
  });
});

describe('a model cache whose hash index cannot be written', () => {
  for (const [what, spoil] of [
    ['patched/ is a file', (cacheDir: string) => writeFileSync(path.join(cacheDir, 'patched'), 'in the way')],
    ['patched/hashes.json is a folder', (cacheDir: string) => mkdirSync(path.join(cacheDir, 'patched', 'hashes.json'), { recursive: true })],
  ] as const) {
    it(`${what}: one line naming the cache folder and what to do, no errno sentence`, async () => {
      const cacheDir = path.join(scratch(), 'cache\nx');
      mkdirSync(cacheDir, { recursive: true });
      spoil(cacheDir);
      const error = await failure(() => ensurePatched(modelCopy('tiny-bert'), 'tiny', { topK: 3 }, cacheDir));
      assert.doesNotMatch(error.message, ERRNO_SENTENCE, error.message);
      assert.match(error.message, /cache\\x0Ax.*attentionLens\.cacheDir/, error.message);
    });
  }
});

describe('a weights file that is no ONNX model', () => {
  for (const [what, bytes] of [
    ['text', Buffer.from('this is not a model at all')],
    ['cut short', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])],
  ] as const) {
    it(`${what}: reads as the other model-folder errors do, "model X: FILE is …"`, async () => {
      const source = modelCopy('tiny-bert');
      writeFileSync(path.join(source, 'onnx', 'model.onnx'), bytes);
      const error = await failure(() => ensurePatched(source, 'tiny', { topK: 3 }, scratch()));
      assert.equal(error.code, 'model-corrupt');
      assert.match(error.message, /^model tiny: onnx\/model\.onnx (is not a readable ONNX model|has no graph)/, error.message);
    });
  }
});
