// What a patched run computes and when (the patcher's cost): the scores before softmax only for the layers a run
// asks for, and every exposed tensor right after its source, so that onnxruntime frees each layer's float32
// [heads, T, T] tensors before the next layer instead of keeping all of them alive to the end of the run.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { HEADS_INPUT, patchModelBytes, SCORES_INPUT, type PatchOptions } from '../../../../src/engine/onnx/patch';
import { fixture } from '../../../support/paths';

const read = (name: string, file = 'model.onnx'): Uint8Array => readFileSync(path.join(fixture(name), 'onnx', file));
const ids = [2, 40, 41, 42, 43, 3];
const T = ids.length;

/** Feeds for a tiny fixture's patched session; `scores`: the layers whose scores the run asks for. */
function feeds(session: ort.InferenceSession, scores: readonly number[], heads = true, layers = 2): Record<string, ort.Tensor> {
  const f: Record<string, ort.Tensor> = {};
  for (const meta of session.inputMetadata) {
    const n = meta.name;
    if (n === 'input_ids') f[n] = new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, T]);
    else if (n === 'attention_mask') f[n] = new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]);
    else if (n === 'token_type_ids') f[n] = new ort.Tensor('int64', new BigInt64Array(T), [1, T]);
    else if (n === 'position_ids')
      f[n] = new ort.Tensor(
        'int64',
        BigInt64Array.from(ids, (_, i) => BigInt(i)),
        [1, T],
      );
    else if (n.startsWith('past_key_values.')) f[n] = new ort.Tensor('float32', new Float32Array(0), [1, 4, 0, 8]);
    else if (n === HEADS_INPUT) f[n] = new ort.Tensor('bool', [heads], [1]);
    else if (n === SCORES_INPUT)
      f[n] = new ort.Tensor(
        'bool',
        Uint8Array.from({ length: layers }, (_, l) => (scores.includes(l) ? 1 : 0)),
        [layers],
      );
    else if (meta.isTensor) {
      // The probes' inputs: the head mask all on, the lens input one row of zeros.
      const dims = meta.shape.map((d) => (typeof d === 'number' ? d : 1));
      const size = dims.reduce((a, b) => a * b, 1);
      f[n] = new ort.Tensor('float32', new Float32Array(size).fill(n.endsWith('head_mask') ? 1 : 0), dims);
    }
  }
  return f;
}

/** The node names onnxruntime ran, in the order it ran them (its profiler's kernel events). */
async function executionOrder(bytes: Uint8Array, scores: readonly number[]): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lens-order-'));
  try {
    const session = await ort.InferenceSession.create(bytes, { enableProfiling: true, profileFilePrefix: path.join(dir, 'p'), graphOptimizationLevel: 'all' });
    await session.run(feeds(session, scores));
    session.endProfiling();
    await session.release();
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    assert.ok(file, 'onnxruntime wrote no profile');
    const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { cat: string; name: string }[];
    return events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time')).map((e) => e.name.replace(/_kernel_time$/, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('patched runs: what is computed, and when', () => {
  for (const [name, kind] of [
    ['tiny-bert', 'encoder'],
    ['tiny-gpt2', 'decoder'],
  ] as const) {
    const options: PatchOptions = { scores: true, topK: 3, precision: 'float16', nextTokenStats: kind === 'decoder', probes: { heads: 4, width: 32, kind } };

    it(`${name}: computes a layer's scores only when the run asks for that layer, the same values as when it asks for all`, async () => {
      const patched = patchModelBytes(read(name), options, name);
      const session = await ort.InferenceSession.create(patched.bytes);
      try {
        assert.ok(session.inputNames.includes(SCORES_INPUT));
        const fetch = ['attention_scores.0', 'attention_scores.1', 'attentions.0'];
        const none = await session.run(feeds(session, []), fetch);
        const one = await session.run(feeds(session, [1]), fetch);
        const all = await session.run(feeds(session, [0, 1]), fetch);
        assert.equal(none['attention_scores.0'].size, 0);
        assert.equal(none['attention_scores.1'].size, 0);
        assert.equal(one['attention_scores.0'].size, 0);
        assert.deepEqual(one['attention_scores.1'].dims, [1, 4, T, T]);
        assert.deepEqual(Array.from(one['attention_scores.1'].data as Uint16Array), Array.from(all['attention_scores.1'].data as Uint16Array));
        assert.deepEqual(Array.from(none['attentions.0'].data as Uint16Array), Array.from(all['attentions.0'].data as Uint16Array));
        assert.equal(all['attention_scores.0'].type, 'float16');
      } finally {
        await session.release();
      }
    });

    it(`${name}: computes each layer's exposed attention, scores and q/k/v before the next layer's attention`, async () => {
      const patched = patchModelBytes(read(name), options, name);
      const order = await executionOrder(patched.bytes, [0, 1]);
      const at = (node: string): number => {
        const i = order.indexOf(node);
        assert.ok(i >= 0, `${node} did not run (ran: ${order.filter((n) => n.startsWith('attention_lens')).join(', ')})`);
        return i;
      };
      const nextSoftmax = at(patched.sites[1].nodeName);
      for (const node of [
        'attention_lens/attentions.0',
        'attention_lens/attention_scores.0.gate',
        'attention_lens/probe.q.0',
        'attention_lens/probe.k.0',
        'attention_lens/probe.v.0',
      ])
        assert.ok(at(node) < nextSoftmax, `${node} ran at ${at(node)}, after layer 1's softmax (${nextSoftmax})`);
    });
  }

  it('computes the prediction heads over the logits only when the run asks for them', async () => {
    const patched = patchModelBytes(read('tiny-bert'), { topK: 3, precision: 'float16' }, 'tiny-bert');
    const session = await ort.InferenceSession.create(patched.bytes);
    try {
      assert.ok(session.inputNames.includes(HEADS_INPUT));
      const fetch = ['lens.topk_values', 'lens.topk_indices', 'lens.logsumexp', 'logits'];
      const off = await session.run(feeds(session, [], false), fetch);
      const on = await session.run(feeds(session, [], true), fetch);
      for (const name of fetch.slice(0, 3)) assert.equal(off[name].size, 0, name);
      assert.deepEqual(Array.from(off.logits.data as Float32Array), Array.from(on.logits.data as Float32Array));
      // With them: each position's three largest logits, and log Σ exp over the row.
      const logits = on.logits.data as Float32Array;
      const V = logits.length / T;
      const top = on['lens.topk_values'].data as Float32Array;
      const lse = on['lens.logsumexp'].data as Float32Array;
      for (let t = 0; t < T; t++) {
        const row = Array.from(logits.subarray(t * V, (t + 1) * V));
        assert.deepEqual(Array.from(top.subarray(t * 3, t * 3 + 3)), [...row].sort((a, b) => b - a).slice(0, 3), `top at ${t}`);
        const max = Math.max(...row);
        assert.ok(Math.abs(lse[t] - (max + Math.log(row.reduce((a, x) => a + Math.exp(x - max), 0)))) < 1e-4, `logsumexp at ${t}`);
      }
    } finally {
      await session.release();
    }
  });
});
