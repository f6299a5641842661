// The CLI's JSON of an analysis (src/cli/json.ts) is written in pieces: a real model's attention
// (GPT-2 at 1024 tokens: 12 × 12 × 1024² numbers, about 1.4 GB of JSON) is more than one string
// can hold (V8: 512 MiB), and as nested arrays more than the heap. Here a small analysis reads
// back exactly, and a larger one arrives in bounded writes with the same numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toJson, writeJson } from '../../../src/cli/json';
import type { AnalysisResult } from '../../../src/protocol/analysis';
import { sampleWithData } from '../../support/sampleAnalysis';

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** What writeJson('-', …) writes, one entry per write. */
async function written(value: object): Promise<string[]> {
  const writes: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    await writeJson('-', value);
  } finally {
    process.stdout.write = original;
  }
  return writes;
}

/** An analysis of `T` tokens, `layers` × `heads`, whose weights are known: position-dependent fractions. */
function synthetic(T: number, layers: number, heads: number): AnalysisResult {
  const base = sampleWithData('decoder', 1, 1);
  const result = base.entry.shown.result;
  const probs = Array.from({ length: layers }, (_, l) => Float32Array.from({ length: heads * T * T }, (_, i) => ((i * 7 + l) % 1000) / 1000));
  return {
    ...result,
    tokens: Array.from({ length: T }, (_, i) => ({ text: `t${i}`, id: i, special: false, masked: false, start: i, end: i + 1, word: i })),
    attention: { layers, heads, length: T, precision: 'float32', probs, scores: null },
    timings: { tokenizeMs: 0, runMs: 0, postMs: 0 },
  } as AnalysisResult;
}

describe('the CLI JSON of an analysis', () => {
  it('reads back as the analysis: attentions[layer][head][query][key], the tokens, the predictions', async () => {
    const { entry, data } = sampleWithData('decoder', 1, 1);
    const result = { ...entry.shown.result, attention: data, timings: { tokenizeMs: 0, runMs: 0, postMs: 0 } } as AnalysisResult;
    const text = (await written(toJson(result))).join('');
    assert.ok(text.endsWith('}\n'));
    const json = JSON.parse(text) as { attentions: number[][][][]; tokens: { text: string }[]; predictions: { next: { token: string }[] } };
    const T = data.length;
    assert.equal(json.attentions.length, 2);
    for (let l = 0; l < 2; l++)
      for (let h = 0; h < 2; h++)
        for (let q = 0; q < T; q++)
          assert.deepEqual(json.attentions[l][h][q], Array.from((data.probs[l] as Float32Array).subarray((h * T + q) * T, (h * T + q + 1) * T), round));
    assert.deepEqual(
      json.tokens.map((t) => t.text),
      result.tokens.map((t) => t.text),
    );
    assert.equal(json.predictions.next[0].token, ' <b>');
  });

  it('writes a large analysis in bounded pieces, the same numbers', async () => {
    const T = 600;
    const result = synthetic(T, 2, 2);
    const writes = await written(toJson(result));
    const longest = Math.max(...writes.map((w) => w.length));
    assert.ok(longest <= 2 * 1024 * 1024, `one write of ${(longest / 1048576).toFixed(1)} MiB`);
    const json = JSON.parse(writes.join('')) as { attentions: number[][][][] };
    for (const [l, h, q] of [
      [0, 0, 0],
      [1, 1, T - 1],
      [1, 0, 300],
    ])
      assert.deepEqual(json.attentions[l][h][q], Array.from(result.attention.probs[l].subarray((h * T + q) * T, (h * T + q + 1) * T), round));
  });
});
