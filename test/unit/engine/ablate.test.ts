// Switching heads off: ablating a head of the last layer leaves every earlier layer's attention bit-identical (and the
// last layer's too: the mask acts on the head's output, after its attention) and changes the prediction; the ablated
// run equals the float64 reference with that head's output zeroed; ablating an early head changes later attention.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisResult } from '../../../src/protocol/analysis';
import { engine, FAMILIES, runWithReference } from '../../support/probeCases';
import { fixture } from '../../support/paths';

/** The top-1 probability each prediction gives: every position of a decoder, every masked position of an encoder. */
function topProbabilities(result: AnalysisResult): number[] {
  const p = result.predictions;
  return result.model.kind === 'encoder' ? p.masked.map((m) => m.top[0].p) : [...p.perToken.map((s) => s.p), p.next[0].p];
}

function softmaxRow(logits: Float64Array, row: number, V: number, id: number): number {
  const r = logits.subarray(row * V, (row + 1) * V);
  let max = -Infinity;
  for (const x of r) max = Math.max(max, x);
  let sum = 0;
  for (const x of r) sum += Math.exp(x - max);
  return Math.exp(r[id] - max) / sum;
}

describe('head ablation', () => {
  for (const { name, kind } of FAMILIES) {
    it(`${name}: a last-layer head off changes the prediction and nothing before it; it matches the reference`, async () => {
      const { result: base } = await runWithReference(name, kind, { topK: 3 });
      const L = base.attention.layers;
      const H = base.attention.heads;
      const headMask = new Array<number>(L * H).fill(1);
      headMask[(L - 1) * H + 1] = 0;
      const { result, ref } = await runWithReference(name, kind, { topK: 3, ablate: [{ layer: L - 1, head: 1 }] }, headMask);
      assert.deepEqual(result.ablated, [{ layer: L - 1, head: 1 }]);
      for (let l = 0; l < L; l++) assert.deepEqual(result.attention.probs[l], base.attention.probs[l], `layer ${l} attention is bit-identical`);
      assert.notDeepEqual(topProbabilities(result), topProbabilities(base), 'the predictions change');
      // The ablated predictions are the reference's with that head's output zeroed.
      const V = ref.vocabSize;
      if (kind === 'encoder') {
        for (const m of result.predictions.masked) assert.ok(Math.abs(m.top[0].p - softmaxRow(ref.logits, m.position, V, m.top[0].id)) < 1e-4);
      } else {
        for (const s of result.predictions.perToken) assert.ok(Math.abs(s.p - softmaxRow(ref.logits, s.position - 1, V, result.tokens[s.position].id)) < 1e-4);
      }
    });
  }

  it('a first-layer head off changes the later layers, not its own layer', async () => {
    const text = 'The river bank was steep.';
    const base = await engine.analyze(fixture('tiny-gpt2'), { text });
    const off = await engine.analyze(fixture('tiny-gpt2'), { text, ablate: [{ layer: 0, head: 2 }] });
    assert.deepEqual(off.attention.probs[0], base.attention.probs[0]);
    assert.notDeepEqual(off.attention.probs[1], base.attention.probs[1]);
  });

  it('refuses heads and layers the model does not have', async () => {
    await assert.rejects(engine.analyze(fixture('tiny-gpt2'), { text: 'a b', ablate: [{ layer: 2, head: 0 }] }), /ablated layer 2 is outside/);
    await assert.rejects(engine.analyze(fixture('tiny-gpt2'), { text: 'a b', ablate: [{ layer: 0, head: 4 }] }), /ablated head 4 is outside/);
  });
});
