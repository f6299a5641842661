// The in-graph prediction heads (src/engine/onnx/heads.ts) against a float64 reference computed here from the
// logits the same run returns: each position's top-k ids and log-probabilities, log Σ exp, and (decoders) the next
// token's log-probability and rank. Real fixtures (float32 and float16 logits, gated and ungated heads) and a toy
// graph with wide logits (rows spanning hundreds of nats, where most exp() underflow).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { node, output } from '../../../../src/engine/onnx/graphBuild';
import { HEADS_INPUT, patchModelBytes, SCORES_INPUT } from '../../../../src/engine/onnx/patch';
import { proto } from '../../../../src/engine/onnx/proto';
import { sessionOptions } from '../../../../src/engine/model';
import { halfToFloat } from '../../../../src/protocol/analysis';
import { fixture } from '../../../support/paths';

const K = 20;
/** Log-probabilities are held to this (absolute): p moves by at most p · 2e-6. */
const LOGP_TOLERANCE = 2e-6;

function feeds(session: ort.InferenceSession, ids: readonly number[]): Record<string, ort.Tensor> {
  const T = ids.length;
  const f: Record<string, ort.Tensor> = {};
  session.inputNames.forEach((n, index) => {
    const meta = session.inputMetadata[index];
    if (n === 'input_ids') f[n] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, T]);
    else if (n === 'attention_mask') f[n] = new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]);
    else if (n === 'position_ids')
      f[n] = new ort.Tensor(
        'int64',
        BigInt64Array.from(ids, (_, i) => BigInt(i)),
        [1, T],
      );
    else if (n === 'token_type_ids') f[n] = new ort.Tensor('int64', new BigInt64Array(T), [1, T]);
    else if (n === HEADS_INPUT) f[n] = new ort.Tensor('bool', [true], [1]);
    else if (n === SCORES_INPUT) f[n] = new ort.Tensor('bool', [false, false], [2]);
    else if (meta.isTensor) {
      const half = meta.type === 'float16';
      f[n] = half ? new ort.Tensor('float16', new Uint16Array(0), [1, 4, 0, 8]) : new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 8]);
    }
  });
  return f;
}

interface HeadsOut {
  readonly values: Float32Array;
  readonly indices: BigInt64Array;
  readonly lse: Float32Array;
  readonly nextLogit: Float32Array | null;
  readonly nextRank: Float32Array | null;
}

/**
 * Every head output against log-softmax in float64 over `logits` ([T, V], as float64). Float32 logits: the heads
 * read exactly these. Float16 ones: the heads read the float32 values the graph rounds to float16 for its output
 * (onnxruntime computes them before the output's Cast), so each value may differ by half a float16 step (`slack`).
 */
function checkAgainstReference(label: string, logits: Float64Array, T: number, ids: readonly number[], heads: HeadsOut, half = false): void {
  const V = logits.length / T;
  for (let t = 0; t < T; t++) {
    const row = logits.subarray(t * V, (t + 1) * V);
    let max = -Infinity;
    let widest = 0;
    for (const x of row) {
      max = Math.max(max, x);
      widest = Math.max(widest, Math.abs(x));
    }
    const slack = half ? 2 ** (Math.floor(Math.log2(widest)) - 11) : 0;
    const near = (a: number, b: number, tolerance: number): boolean => Math.abs(a - b) <= tolerance;
    let sum = 0;
    for (const x of row) sum += Math.exp(x - max);
    const lse = max + Math.log(sum);
    const at = `${label} position ${t}`;
    const logPTolerance = LOGP_TOLERANCE * Math.max(1, Math.abs(lse)) + 2 * slack;
    assert.ok(near(heads.lse[t], lse, logPTolerance), `${at}: log Σ exp ${heads.lse[t]}, float64 ${lse}`);
    // The k largest logits in order (ties may come in either order: each id must hold its value, no id twice).
    const sorted = Float64Array.from(row).sort().reverse();
    const seen = new Set<number>();
    for (let j = 0; j < K; j++) {
      const id = Number(heads.indices[t * K + j]);
      const value = heads.values[t * K + j];
      assert.ok(near(value, sorted[j], slack), `${at}: top ${j} value ${value}, float64 ${sorted[j]}`);
      assert.ok(near(row[id], value, slack), `${at}: top ${j} id ${id} holds another logit (${row[id]}, not ${value})`);
      assert.ok(!seen.has(id), `${at}: id ${id} twice`);
      seen.add(id);
      const logP = value - heads.lse[t];
      assert.ok(near(logP, sorted[j] - lse, logPTolerance), `${at}: top ${j} log p ${logP}, float64 ${sorted[j] - lse}`);
    }
    if (heads.nextLogit && heads.nextRank && t + 1 < T) {
      const next = row[ids[t + 1]];
      assert.ok(near(heads.nextLogit[t], next, slack), `${at}: next logit ${heads.nextLogit[t]}, float64 ${next}`);
      const logP = heads.nextLogit[t] - heads.lse[t];
      assert.ok(near(logP, next - lse, logPTolerance), `${at}: next log p ${logP}, float64 ${next - lse}`);
      const [fewest, most] = [row.filter((x) => x > next + 2 * slack).length, row.filter((x) => x > next - 2 * slack).length];
      assert.ok(heads.nextRank[t] >= fewest && heads.nextRank[t] <= most, `${at}: next rank ${heads.nextRank[t]}, float64 ${fewest}–${most}`);
    }
  }
}

async function runHeads(bytes: Uint8Array, ids: readonly number[], decoder: boolean): Promise<{ heads: HeadsOut; logits: Float64Array; half: boolean }> {
  const patched = patchModelBytes(bytes, { topK: K, nextTokenStats: decoder, precision: 'float16' }, 'model');
  assert.ok(patched.outputs.heads);
  const h = patched.outputs.heads;
  assert.equal(h.nextLogit !== null, decoder);
  const session = await ort.InferenceSession.create(patched.bytes, sessionOptions(2));
  try {
    const fetch = [h.topValues, h.topIndices, h.logSumExp, ...(h.nextLogit && h.nextRank ? [h.nextLogit, h.nextRank] : []), 'logits'];
    const out = await session.run(feeds(session, ids), fetch);
    const raw = out.logits;
    const logits = raw.type === 'float16' ? Float64Array.from(raw.data as Uint16Array, halfToFloat) : Float64Array.from(raw.data as Float32Array);
    return {
      logits,
      half: raw.type === 'float16',
      heads: {
        values: out[h.topValues].data as Float32Array,
        indices: out[h.topIndices].data as BigInt64Array,
        lse: out[h.logSumExp].data as Float32Array,
        nextLogit: h.nextLogit ? (out[h.nextLogit].data as Float32Array) : null,
        nextRank: h.nextRank ? (out[h.nextRank].data as Float32Array) : null,
      },
    };
  } finally {
    await session.release();
  }
}

/** A graph whose `logits` [1, T, V] are its input, as a decoder's: the heads over logits we choose. */
function logitsModel(V: number): Uint8Array {
  const graph = {
    name: 'logits',
    input: [
      output('input_ids', 'int64', 2),
      output('a', 'float32', 4),
      { name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimParam: 'T' }, { dimValue: V }] } } } },
    ],
    node: [
      // One attention-like site (softmax probabilities times values), which the patcher needs to find.
      node('Softmax', ['a'], ['probs'], 'layer.0/attn/Softmax', { axis: { int: -1 } }),
      node('MatMul', ['probs', 'a'], ['context'], 'layer.0/attn/MatMul'),
      node('Identity', ['x'], ['logits'], 'logits'),
    ],
    output: [
      output('context', 'float32', 4),
      { name: 'logits', type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimParam: 'T' }, { dimValue: V }] } } } },
    ],
  };
  return proto.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph }).finish();
}

describe('prediction heads against a float64 log-softmax of the logits', () => {
  const ids = [10, 200, 31, 45, 300, 7, 99, 5, 404, 12];
  const read = (name: string, file: string): Uint8Array => readFileSync(path.join(fixture(name), 'onnx', file));

  for (const [name, file, decoder] of [
    ['tiny-gpt2', 'model.onnx', true],
    ['tiny-gpt2', 'model_fp16.onnx', true],
    ['tiny-bert', 'model.onnx', false],
    ['tiny-bert', 'model_fp16.onnx', false],
  ] as const) {
    it(`${name} ${file}: top-${K} ids and log-probabilities, log Σ exp${decoder ? ', next token log p and rank' : ''}`, async () => {
      const { heads, logits, half } = await runHeads(read(name, file), ids, decoder);
      checkAgainstReference(`${name} ${file}`, logits, ids.length, ids, heads, half);
    });
  }

  it('stays exact on wide logits (rows spanning ±300, most exp() below float32’s range)', async () => {
    const V = 3000;
    const T = 6;
    const rowIds = [1, 2999, 1500, 7, 42, 0];
    const x = new Float32Array(T * V);
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    for (let t = 0; t < T; t++) for (let v = 0; v < V; v++) x[t * V + v] = random() * (t % 2 === 0 ? 300 : 30) + (t === 3 ? -150 : 0);
    x[2 * V + 5] = x[2 * V + 6] = 400; // a tie at the top
    const patched = patchModelBytes(logitsModel(V), { topK: K, nextTokenStats: true }, 'wide');
    const h = patched.outputs.heads;
    assert.ok(h?.nextLogit && h.nextRank);
    const session = await ort.InferenceSession.create(patched.bytes, sessionOptions(2));
    try {
      const f: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(rowIds, BigInt), [1, T]),
        x: new ort.Tensor('float32', x, [1, T, V]),
        a: new ort.Tensor('float32', new Float32Array(4), [1, 1, 2, 2]),
      };
      if (session.inputNames.includes(HEADS_INPUT)) f[HEADS_INPUT] = new ort.Tensor('bool', [true], [1]);
      const out = await session.run(f, [h.topValues, h.topIndices, h.logSumExp, h.nextLogit, h.nextRank]);
      checkAgainstReference('wide', Float64Array.from(x), T, rowIds, {
        values: out[h.topValues].data as Float32Array,
        indices: out[h.topIndices].data as BigInt64Array,
        lse: out[h.logSumExp].data as Float32Array,
        nextLogit: out[h.nextLogit].data as Float32Array,
        nextRank: out[h.nextRank].data as Float32Array,
      });
    } finally {
      await session.release();
    }
  });
});
