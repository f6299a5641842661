// The proof that the exposed attention is real: every `attentions.L` output of the patched graph
// equals that layer's attention recomputed independently from the weights (test/support/reference.ts,
// float64 loops, no ONNX involved), heads in order, to 1e-4; the scores before softmax too.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import type { AnalysisResult } from '../../../src/protocol/analysis';
import { referenceForward } from '../../support/reference';
import { fixture, scratch } from '../../support/paths';

const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
after(() => engine.dispose());

const TEXTS = ['The river bank was steep, atención al ñandú.', 'function add(a, b) {\n  return a + b;\n}'];

function maxDiff(result: AnalysisResult, reference: Float64Array[], which: 'probs' | 'scores', clampBelow = -1e4): number {
  const layers = which === 'probs' ? result.attention.probs : result.attention.scores;
  assert.ok(layers, `${which} missing`);
  assert.equal(layers.length, reference.length, 'layer count');
  let worst = 0;
  layers.forEach((layer, l) => {
    assert.equal(layer.length, reference[l].length, `layer ${l} size`);
    for (let i = 0; i < layer.length; i++) {
      // Masked scores are "minus a huge number" (ORT's fused ops use −10000, HF exports float32 min);
      // both mean the same thing, so compare them as "masked".
      const a = Math.max(layer[i], clampBelow);
      const b = Math.max(reference[l][i], clampBelow);
      worst = Math.max(worst, Math.abs(a - b));
    }
  });
  return worst;
}

describe('patched attention equals an independent recomputation from the weights', () => {
  for (const [name, kind, withScores] of [
    ['tiny-bert', 'encoder', true],
    ['tiny-bert-mha', 'encoder', true],
    ['tiny-bert-attn23', 'encoder', true],
    ['tiny-gpt2', 'decoder', true],
    ['tiny-gpt2-gqa', 'decoder', false],
  ] as const) {
    for (const text of TEXTS) {
      it(`${name}: ${JSON.stringify(text.slice(0, 18))}…`, async () => {
        const result = await engine.analyze(fixture(name), { text, scores: withScores });
        const ids = result.tokens.map((t) => t.id);
        const ref = referenceForward(fixture(name), kind, {
          inputIds: ids,
          attentionMask: ids.map(() => 1),
          tokenTypeIds: kind === 'encoder' ? ids.map(() => 0) : undefined,
        });
        assert.equal(result.attention.heads, ref.heads);
        assert.equal(result.attention.length, ref.seqLength);
        const probs = maxDiff(result, ref.probs, 'probs');
        assert.ok(probs < 1e-4, `max |Δ| of probabilities ${probs}`);
        if (withScores) {
          const scores = maxDiff(result, ref.scores, 'scores');
          assert.ok(scores < 1e-4, `max |Δ| of scores ${scores}`);
        }
        // Heads really are in order: swapping any two would break the match above unless they are
        // equal, so check that they are not.
        const T = result.attention.length;
        const head0 = result.attention.probs[0].subarray(0, T * T);
        const head1 = result.attention.probs[0].subarray(T * T, 2 * T * T);
        assert.ok(
          head0.some((x, i) => Math.abs(x - head1[i]) > 1e-3),
          'heads 0 and 1 differ',
        );
      });
    }
  }
});
