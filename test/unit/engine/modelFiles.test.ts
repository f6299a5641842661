// Model files are checked before they are read: regular files within a cap by name; JSON errors
// never quote the file.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { JSON_MAX_BYTES, ONNX_MAX_BYTES, TOKENIZER_MAX_BYTES, capOf, checkModelFile, readModelJson } from '../../../src/engine/modelFiles';
import { scratch } from '../../support/paths';

describe('model files', () => {
  it('caps each file by its name', () => {
    assert.equal(capOf('config.json'), JSON_MAX_BYTES);
    assert.equal(capOf('generation_config.json'), JSON_MAX_BYTES);
    assert.equal(capOf('tokenizer.json'), TOKENIZER_MAX_BYTES);
    assert.equal(capOf('onnx/model_fp16.onnx'), ONNX_MAX_BYTES);
    assert.ok(ONNX_MAX_BYTES < 2 ** 31);
  });

  it('parses JSON objects and says what is wrong without quoting the file', async () => {
    const folder = scratch();
    writeFileSync(path.join(folder, 'config.json'), 'secret-token-123 not json');
    await assert.rejects(readModelJson(folder, 'config.json', 'm'), { code: 'model-corrupt', message: 'model m: config.json is not valid JSON' });
    writeFileSync(path.join(folder, 'config.json'), '["a"]');
    await assert.rejects(readModelJson(folder, 'config.json', 'm'), { code: 'model-corrupt', message: 'model m: config.json is not a JSON object' });
    writeFileSync(path.join(folder, 'config.json'), '{"model_type":"bert"}');
    assert.deepEqual(await readModelJson(folder, 'config.json', 'm'), { model_type: 'bert' });
  });

  it('refuses missing files and folders', async () => {
    const folder = scratch();
    mkdirSync(path.join(folder, 'tokenizer.json'));
    await assert.rejects(checkModelFile(folder, 'config.json', 'm'), { code: 'model-files-missing', message: 'model m has no config.json' });
    await assert.rejects(checkModelFile(folder, 'tokenizer.json', 'm'), {
      code: 'model-corrupt',
      message: "model m: tokenizer.json is a folder, not a file; a model's files are regular files",
    });
  });
});
