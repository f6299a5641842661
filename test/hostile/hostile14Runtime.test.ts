// onnxruntime's refusal of a model quoted the patched graph's full path ("Load model from
// /root/.cache/attention-lens/patched/…/onnx/model_attn.onnx failed: …"), the home folder spelled out
// and a newline in the cache folder's name written as a space (hostile paths, round 14). Now the
// folder in its words is shownPath's, as in every other message: "~" for home, the newline `\x0A`.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { proto } from '../../src/engine/onnx/proto';
import { neutralName } from '../../src/protocol/neutralise';
import { fixture, scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';

describe('a model onnxruntime refuses, with a cache folder named with a newline', () => {
  it('names the patched graph with the folder escaped', async () => {
    const work = scratch('lens-hostile14-ort-');
    const folder = path.join(work, 'model');
    cpSync(fixture('tiny-bert'), folder, { recursive: true, dereference: true });
    const file = path.join(folder, 'onnx', 'model.onnx');
    const model = proto.ModelProto.decode(readFileSync(file));
    model.graph!.node!.find((n) => n.opType === 'Add')!.opType = 'NoSuchOp';
    writeFileSync(file, proto.ModelProto.encode(model).finish());
    const text = path.join(work, 'text.txt');
    writeFileSync(text, 'The [MASK] sat.\n');
    const cache = path.join(work, 'cache\nx');
    const line = oneLine(await cli(['analyze', text, '--model', folder, '--cache-dir', cache, '--offline'], { timeoutMs: 30_000 }));
    assert.match(line, /onnxruntime could not load the model/, line);
    assert.ok(line.includes(`${neutralName(cache)}/patched/`), line);
    assert.ok(!line.includes('cache x'), line);
  });
});
