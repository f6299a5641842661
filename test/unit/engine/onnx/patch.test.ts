// The ONNX patcher: which nodes are attention, what it adds, and how it fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { EngineError } from '../../../../src/engine/errors';
import { node, output } from '../../../../src/engine/onnx/graphBuild';
import { HEADS_INPUT, patchModelBytes, SCORES_INPUT } from '../../../../src/engine/onnx/patch';
import { proto } from '../../../../src/engine/onnx/proto';
import { halfToFloat } from '../../../../src/protocol/analysis';
import { toFloat16 } from '../../../../tools/fixtures/float16';
import { fixture } from '../../../support/paths';

const read = (name: string): Uint8Array => readFileSync(path.join(fixture(name), 'onnx', 'model.onnx'));

function expectError(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

/** A toy graph: an attention-like Softmax (feeds probs × V) and a classifier Softmax (feeds nothing). */
function toyModel(): Uint8Array {
  const graph = {
    name: 'toy',
    input: [output('x', 'float32', 4)],
    node: [
      node('Softmax', ['x'], ['probs'], 'layer.0/attn/Softmax', { axis: { int: -1 } }),
      node('MatMul', ['probs', 'x'], ['context'], 'layer.0/attn/MatMul'),
      node('Softmax', ['context'], ['classes'], 'classifier/Softmax', { axis: { int: -1 } }),
    ],
    output: [output('classes', 'float32', 4)],
  };
  return proto.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish();
}

describe('patchModelBytes', () => {
  it('exposes only Softmax nodes whose output is multiplied with the values', () => {
    const result = patchModelBytes(toyModel(), {}, 'toy');
    assert.deepEqual(
      result.sites.map((s) => s.nodeName),
      ['layer.0/attn/Softmax'],
    );
    assert.deepEqual(result.outputs.attentions, ['attentions.0']);
  });

  for (const [name, layers, kind] of [
    ['tiny-bert', 2, 'softmax'],
    ['tiny-gpt2', 2, 'softmax'],
    ['tiny-bert-mha', 2, 'multiHeadAttention'],
    ['tiny-bert-attn23', 2, 'attention23'],
    ['tiny-gpt2-gqa', 2, 'groupQueryAttention'],
  ] as const) {
    it(`finds one ${kind} site per layer in ${name}, in layer order`, async () => {
      const result = patchModelBytes(read(name), { scores: true, topK: 3 }, name);
      if (kind === 'groupQueryAttention') {
        assert.equal(result.outputs.scores, null);
        assert.match(result.notices.join(' '), /not available for GroupQueryAttention/);
      } else assert.deepEqual(result.outputs.scores, ['attention_scores.0', 'attention_scores.1']);
      assert.equal(result.sites.length, layers);
      assert.ok(result.sites.every((s) => s.kind === kind));
      assert.deepEqual(
        result.sites.map((s) => s.layer),
        [0, 1],
      );
      assert.ok(result.sites[0].nodeIndex < result.sites[1].nodeIndex);
      const session = await ort.InferenceSession.create(result.bytes);
      for (const out of result.outputs.attentions) assert.ok(session.outputNames.includes(out), out);
      await session.release();
    });
  }

  it('rejects the legacy fused Attention operator, naming the operator and the file', () => {
    expectError(
      () => patchModelBytes(read('tiny-bert-legacy'), {}, 'tiny-bert-legacy/onnx/model.onnx'),
      'unsupported-operator',
      /com\.microsoft\/Attention.*not supported|tiny-bert-legacy\/onnx\/model\.onnx/,
    );
    expectError(
      () => patchModelBytes(read('tiny-bert-legacy'), {}, 'legacy.onnx'),
      'unsupported-operator',
      /^legacy\.onnx uses attention operator com\.microsoft\/Attention/,
    );
  });

  it('names the operators when no attention is found', () => {
    const graph = { name: 'g', input: [output('x', 'float32', 2)], node: [node('Relu', ['x'], ['y'], 'r')], output: [output('y', 'float32', 2)] };
    const bytes = proto.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish();
    expectError(() => patchModelBytes(bytes, {}, 'relu.onnx'), 'unsupported-operator', /relu\.onnx has no attention .*Relu/);
  });

  it('reports a truncated or non-ONNX file as corrupt', () => {
    const bytes = read('tiny-bert');
    expectError(
      () => patchModelBytes(bytes.subarray(0, Math.floor(bytes.length / 3)), {}, 'cut.onnx'),
      'model-corrupt',
      /^cut\.onnx (is not a readable ONNX model|has no graph)/,
    );
    expectError(
      () => patchModelBytes(new TextEncoder().encode('this is not a model at all'), {}, 'text.onnx'),
      'model-corrupt',
      /^text\.onnx (is not a readable ONNX model|has no graph)/,
    );
  });

  it('leaves the logits unchanged and appends rather than re-encodes plain Softmax models', async () => {
    const original = read('tiny-bert');
    const patched = patchModelBytes(original, { topK: 4, precision: 'float16', scores: true }, 'tiny-bert');
    assert.deepEqual(Buffer.from(patched.bytes.subarray(0, original.length)), Buffer.from(original));
    const ids = [2, 40, 41, 42, 3];
    const feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), [1, ids.length]),
      [SCORES_INPUT]: new ort.Tensor('bool', [true, true], [2]),
      [HEADS_INPUT]: new ort.Tensor('bool', [true], [1]),
    };
    const a = await ort.InferenceSession.create(original);
    const b = await ort.InferenceSession.create(patched.bytes);
    const la = (await a.run({ input_ids: feeds.input_ids, attention_mask: feeds.attention_mask, token_type_ids: feeds.token_type_ids })).logits
      .data as Float32Array;
    const outs = await b.run(feeds);
    assert.deepEqual(Array.from(outs.logits.data as Float32Array), Array.from(la));
    assert.equal(outs['attentions.0'].type, 'float16');
    assert.deepEqual(outs['attentions.1'].dims, [1, 4, ids.length, ids.length]);
    await a.release();
    await b.release();
  });

  it('counts the next-token rank the same way whether or not the graph declares the vocabulary size', async () => {
    const declared = read('tiny-gpt2');
    const model = proto.ModelProto.decode(declared);
    const dims = (model.graph?.output ?? []).find((o) => o.name === 'logits')?.type?.tensorType?.shape?.dim;
    assert.ok(dims && dims.length === 3);
    dims[2] = proto.TensorShapeProto.Dimension.create({ dimParam: 'vocab' });
    const symbolic = proto.ModelProto.encode(model).finish();
    const options = { topK: 3, nextTokenStats: true } as const;
    const ids = [10, 200, 31, 45, 300, 7, 99];
    const T = ids.length;
    const feeds = (session: ort.InferenceSession): Record<string, ort.Tensor> => {
      const f: Record<string, ort.Tensor> = {};
      for (const n of session.inputNames) {
        if (n === 'input_ids') f[n] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, T]);
        else if (n === 'attention_mask') f[n] = new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]);
        else if (n === 'position_ids')
          f[n] = new ort.Tensor(
            'int64',
            BigInt64Array.from(ids, (_, i) => BigInt(i)),
            [1, T],
          );
        else if (n === HEADS_INPUT) f[n] = new ort.Tensor('bool', [true], [1]);
        else f[n] = new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 8]);
      }
      return f;
    };
    const ranks: number[][] = [];
    for (const bytes of [declared, symbolic]) {
      const patched = patchModelBytes(bytes, options, 'gpt2');
      const session = await ort.InferenceSession.create(patched.bytes);
      const out = await session.run(feeds(session), ['lens.next_rank', 'logits']);
      const logits = out.logits.data as Float32Array;
      const V = logits.length / T;
      const rank = Array.from(out['lens.next_rank'].data as Float32Array);
      rank.slice(0, -1).forEach((r, t) => {
        const row = logits.subarray(t * V, (t + 1) * V);
        assert.equal(r, row.filter((x) => x > row[ids[t + 1]]).length, `rank at ${t}`);
      });
      ranks.push(rank);
      await session.release();
    }
    assert.deepEqual(ranks[0], ranks[1]);
  });
});

describe('patchModelBytes: control flow and precisions', () => {
  const weights = (name: string, file: string): Uint8Array => readFileSync(path.join(fixture(name), 'onnx', file));
  const ids = [10, 200, 31, 45, 300, 7];
  const T = ids.length;
  const feeds = (session: ort.InferenceSession, useCache = false): Record<string, ort.Tensor> => {
    const f: Record<string, ort.Tensor> = {};
    for (const n of session.inputNames) {
      if (n === 'input_ids') f[n] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, T]);
      else if (n === 'attention_mask') f[n] = new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]);
      else if (n === 'position_ids')
        f[n] = new ort.Tensor(
          'int64',
          BigInt64Array.from(ids, (_, i) => BigInt(i)),
          [1, T],
        );
      else if (n === 'token_type_ids') f[n] = new ort.Tensor('int64', new BigInt64Array(T), [1, T]);
      else if (n === 'use_cache_branch') f[n] = new ort.Tensor('bool', [useCache], [1]);
      else if (n === HEADS_INPUT) f[n] = new ort.Tensor('bool', [true], [1]);
      else if (n === SCORES_INPUT)
        f[n] = new ort.Tensor('bool', [true, true], [2]); // every layer's scores
      else {
        const half = session.inputMetadata.find((m) => m.name === n && m.isTensor && m.type === 'float16');
        f[n] = half ? new ort.Tensor('float16', new Uint16Array(0), [1, 4, 0, 8]) : new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 8]);
      }
    }
    return f;
  };
  const run = async (bytes: Uint8Array, fetch: string[], useCache = false): Promise<ort.InferenceSession.OnnxValueMapType> => {
    const session = await ort.InferenceSession.create(bytes);
    try {
      return await session.run(feeds(session, useCache), fetch);
    } finally {
      await session.release();
    }
  };
  const options = { scores: true, topK: 3, nextTokenStats: true } as const;
  const fetch = ['attentions.0', 'attentions.1', 'attention_scores.1', 'lens.topk_values', 'lens.logsumexp', 'lens.next_rank'];

  it('finds a merged decoder’s sites in both If branches and routes them out: its outputs equal the plain decoder’s, whichever branch runs', async () => {
    const merged = patchModelBytes(weights('tiny-gpt2-merged', 'decoder_model_merged.onnx'), options, 'merged');
    assert.equal(merged.sites.length, 2);
    assert.deepEqual(
      merged.sites.map((s) => [s.layer, s.kind, s.scope]),
      [
        [0, 'softmax', 'optimum::if (else_branch, then_branch)'],
        [1, 'softmax', 'optimum::if (else_branch, then_branch)'],
      ],
    );
    assert.deepEqual(merged.outputs.attentions, ['attentions.0', 'attentions.1']);
    assert.deepEqual(merged.outputs.scores, ['attention_scores.0', 'attention_scores.1']);
    const plain = await run(patchModelBytes(weights('tiny-gpt2', 'model.onnx'), options, 'plain').bytes, fetch);
    for (const useCache of [false, true]) {
      const out = await run(merged.bytes, fetch, useCache);
      for (const name of fetch)
        assert.deepEqual(Array.from(out[name].data as Float32Array), Array.from(plain[name].data as Float32Array), `${name}, use_cache_branch ${useCache}`);
    }
  });

  it('refuses attention inside a Loop body, and If branches that disagree, naming the node', () => {
    const model = proto.ModelProto.decode(weights('tiny-gpt2-merged', 'decoder_model_merged.onnx'));
    const ifNode = model.graph?.node?.[0];
    assert.equal(ifNode?.opType, 'If');
    const branches = ifNode?.attribute ?? [];
    const elseBranch = branches.find((a) => a.name === 'else_branch')?.g;
    assert.ok(elseBranch?.node);
    const lastSoftmax = elseBranch.node.map((n) => n.opType).lastIndexOf('Softmax');
    const uneven = proto.ModelProto.decode(proto.ModelProto.encode(model).finish());
    const g = uneven.graph?.node?.[0].attribute?.find((a) => a.name === 'else_branch')?.g;
    assert.ok(g?.node);
    g.node[lastSoftmax].opType = 'Sigmoid';
    expectError(
      () => patchModelBytes(proto.ModelProto.encode(uneven).finish(), {}, 'uneven.onnx'),
      'unsupported-operator',
      /^uneven\.onnx has an If node optimum::if whose branches hold different numbers/,
    );
    const loop = proto.ModelProto.decode(proto.ModelProto.encode(model).finish());
    (loop.graph?.node?.[0] as { opType: string }).opType = 'Loop';
    expectError(
      () => patchModelBytes(proto.ModelProto.encode(loop).finish(), {}, 'loop.onnx'),
      'unsupported-operator',
      /^loop\.onnx has attention inside the body of Loop node optimum::if/,
    );
  });

  it('types every added output for a float16 graph: attention cast to the asked precision, heads in float32', async () => {
    const bytes = weights('tiny-gpt2', 'model_fp16.onnx');
    for (const precision of ['float32', 'float16'] as const) {
      const patched = patchModelBytes(bytes, { ...options, precision }, 'fp16');
      const out = await run(patched.bytes, [...fetch, 'lens.next_logit', 'logits']);
      assert.equal(out['attentions.0'].type, precision);
      assert.equal(out['attention_scores.1'].type, precision);
      for (const head of ['lens.topk_values', 'lens.logsumexp', 'lens.next_rank', 'lens.next_logit']) assert.equal(out[head].type, 'float32', head);
      assert.equal(out.logits.type, 'float16');
    }
  });

  it('exposes masked scores as masked in every precision, even where a float16 export left −10⁴ + score', async () => {
    // A float16 export clamps the mask to −10⁴, so its masked scores are −10⁴ + s, on either side of the views'
    // −10⁴ rule; they come out as float32's minimum (float32) or −∞ (float16), as an fp32 export's do.
    const cases = [
      { file: 'model_fp16.onnx', precision: 'float32', masked: -3.4028234663852886e38 },
      { file: 'model_fp16.onnx', precision: 'float16', masked: Number.NEGATIVE_INFINITY },
      { file: 'model.onnx', precision: 'float16', masked: Number.NEGATIVE_INFINITY },
      { file: 'model.onnx', precision: 'float32', masked: -3.4028234663852886e38 },
    ] as const;
    for (const c of cases) {
      const out = await run(patchModelBytes(weights('tiny-gpt2', c.file), { scores: true, precision: c.precision }, c.file).bytes, ['attention_scores.0']);
      const tensor = out['attention_scores.0'];
      const values = tensor.type === 'float16' ? Array.from(tensor.data as Uint16Array, halfToFloat) : Array.from(tensor.data as Float32Array);
      for (let h = 0; h < 4; h++)
        for (let i = 0; i < T; i++)
          for (let j = 0; j < T; j++) {
            const v = values[(h * T + i) * T + j];
            if (j > i) assert.equal(v, c.masked, `${c.file} ${c.precision}: head ${h} (${i}, ${j})`);
            else assert.ok(v > -1e3 && Number.isFinite(v), `${c.file} ${c.precision}: head ${h} (${i}, ${j}) = ${v}`);
          }
    }
  });

  it('patches float16 graphs that keep float32 inputs and outputs (Casts at the edges), and int8 ones', async () => {
    for (const bytes of [toFloat16(weights('tiny-bert', 'model.onnx'), { keepIoTypes: true }), weights('tiny-bert', 'model_quantized.onnx')]) {
      const patched = patchModelBytes(bytes, { topK: 3, scores: true }, 'variant');
      assert.equal(patched.sites.length, 2);
      const out = await run(patched.bytes, ['attentions.1', 'attention_scores.1', 'lens.topk_values']);
      assert.equal(out['attentions.1'].type, 'float32');
      assert.deepEqual(out['attentions.1'].dims, [1, 4, T, T]);
    }
  });
});
