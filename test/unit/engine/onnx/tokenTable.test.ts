// The token embedding table the patcher records (onnx/positionTable.ts tokenRows): for every fixture
// and embedded model, the rows of the table the graph looks input_ids up in, which bound the ids a
// tokenizer may give (model.ts refuses a tokenizer with a higher id).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { collect, positionRows, tokenRows } from '../../../../src/engine/onnx/positionTable';
import { proto } from '../../../../src/engine/onnx/proto';
import type { onnx } from 'onnx-proto';
import { fixture, ROOT } from '../../../support/paths';

const MODELS = ['tiny-bert', 'tiny-gpt2', 'tiny-gpt2-gqa', 'tiny-qwen2', 'tiny-roberta', 'tiny-distilbert', 'tiny-bert-mha'];

function tables(folder: string): { tokens: number | null; positions: number | null; vocab: number } {
  const model = proto.ModelProto.decode(readFileSync(path.join(folder, 'onnx', 'model.onnx')));
  const nodes: onnx.INodeProto[] = [];
  const inits = new Map<string, onnx.ITensorProto>();
  collect(model.graph as onnx.IGraphProto, nodes, inits);
  const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8')) as { vocab_size: number };
  return { tokens: tokenRows(nodes, inits), positions: positionRows(nodes, inits), vocab: config.vocab_size };
}

describe('tokenRows: the token embedding table of a graph', () => {
  for (const name of MODELS) {
    it(`${name}: the table config.json's vocab_size states, not the position table`, () => {
      const { tokens, positions, vocab } = tables(fixture(name));
      assert.equal(tokens, vocab);
      assert.notEqual(tokens, null);
      if (positions !== null && positions !== vocab) assert.notEqual(tokens, positions);
    });
  }

  for (const name of ['tiny-bert-es-en', 'tiny-gpt-es-en']) {
    it(`the embedded ${name}: 16000 rows`, () => {
      const folder = path.join(ROOT, 'models', name);
      assert.ok(existsSync(folder));
      assert.equal(tables(folder).tokens, 16000);
    });
  }
});
