// The element type walk the patcher uses to declare and cast what it adds: float16 exports are float16
// throughout, fp32 and int8 ones float32, inside If branches too; a name it cannot place is unknown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { onnx } from 'onnx-proto';
import { proto } from '../../../../src/engine/onnx/proto';
import { knownTypeOf } from '../../../../src/engine/onnx/tensorTypes';
import { fixture } from '../../../support/paths';

const T = proto.TensorProto.DataType;
const graphOf = (name: string, file: string): onnx.IGraphProto => proto.ModelProto.decode(readFileSync(path.join(fixture(name), 'onnx', file))).graph ?? {};
const softmaxes = (graph: onnx.IGraphProto) => (graph.node ?? []).filter((n) => n.opType === 'Softmax');

describe('knownTypeOf', () => {
  for (const [name, file, type] of [
    ['tiny-gpt2', 'model.onnx', T.FLOAT],
    ['tiny-gpt2', 'model_fp16.onnx', T.FLOAT16],
    ['tiny-bert', 'model_quantized.onnx', T.FLOAT],
    ['tiny-bert', 'model_fp16.onnx', T.FLOAT16],
  ] as const) {
    it(`finds ${file === 'model_fp16.onnx' ? 'float16' : 'float32'} attention scores and probabilities in ${name}/${file}`, () => {
      const graph = graphOf(name, file);
      for (const n of softmaxes(graph)) {
        assert.equal(knownTypeOf([graph], (n.input ?? [])[0]), type);
        assert.equal(knownTypeOf([graph], (n.output ?? [])[0]), type);
      }
      assert.equal(knownTypeOf([graph], 'attention_mask'), T.INT64);
      assert.equal(knownTypeOf([graph], 'no such tensor'), null);
    });
  }

  it('reads names of the outer graph from inside an If branch', () => {
    const graph = graphOf('tiny-gpt2-merged', 'decoder_model_merged_quantized.onnx');
    const branch = graph.node?.[0].attribute?.find((a) => a.name === 'then_branch')?.g ?? {};
    const found = softmaxes(branch);
    assert.equal(found.length, 2);
    for (const n of found) assert.equal(knownTypeOf([branch, graph], (n.input ?? [])[0]), T.FLOAT);
    assert.equal(knownTypeOf([branch], 'use_cache_branch'), null, 'not from the branch alone');
    assert.equal(knownTypeOf([branch, graph], 'use_cache_branch'), T.BOOL);
  });
});
