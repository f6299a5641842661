// The layer lens: the model's own output head applied to each layer's residual stream. Its last layer is the
// model's own prediction (the same ids, the same probabilities), and every layer's top-k equals the reference head
// (float64, from the weights) applied to the reference's stream of that layer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import type { Candidate } from '../../../src/protocol/analysis';
import { FAMILIES, runWithReference } from '../../support/probeCases';
import { fixture, scratch } from '../../support/paths';
import { referenceHead } from '../../support/reference';

function softmaxTop(logits: Float64Array, k: number): { id: number; p: number }[] {
  let max = -Infinity;
  for (const x of logits) max = Math.max(max, x);
  let sum = 0;
  for (const x of logits) sum += Math.exp(x - max);
  return [...logits]
    .map((x, id) => ({ id, p: Math.exp(x - max) / sum }))
    .sort((a, b) => b.p - a.p)
    .slice(0, k);
}

const same = (a: readonly Candidate[], b: readonly Candidate[], label: string): void => {
  assert.deepEqual(
    a.map((c) => c.id),
    b.map((c) => c.id),
    `${label}: ids`,
  );
  a.forEach((c, i) => assert.ok(Math.abs(c.p - b[i].p) < 1e-5, `${label}: p ${c.p} vs ${b[i].p}`));
};

describe('the layer lens', () => {
  for (const { name, kind } of FAMILIES) {
    it(`${name}: last layer = the model's prediction; every layer = the reference head on the reference stream`, async () => {
      const { result, ref, masked } = await runWithReference(name, kind, { lens: true, topK: 3 });
      const lens = result.lens;
      assert.ok(lens, 'lens');
      assert.equal(lens.kind, kind === 'decoder' ? 'logit' : 'mlm');
      const T = ref.seqLength;
      assert.deepEqual(
        lens.positions.map((p) => p.position),
        kind === 'decoder' ? Array.from({ length: T }, (_, i) => i) : masked,
      );
      for (const pos of lens.positions) {
        assert.equal(pos.layers.length, ref.hidden.length, 'L+1 layers');
        const last = pos.layers[pos.layers.length - 1].top;
        const own =
          kind === 'encoder'
            ? result.predictions.masked.find((m) => m.position === pos.position)?.top
            : pos.position === T - 1
              ? result.predictions.next
              : result.predictions.perToken.find((s) => s.position === pos.position + 1)?.top;
        assert.ok(own, `a prediction for position ${pos.position}`);
        same(last, own, `position ${pos.position}, last layer`);
        const V = ref.vocabSize;
        pos.layers.forEach(({ layer, top }) => {
          const logits = referenceHead(fixture(name), ref.hidden[layer], T).subarray(pos.position * V, (pos.position + 1) * V);
          const expected = softmaxTop(logits, top.length);
          assert.deepEqual(
            top.map((c) => c.id),
            expected.map((c) => c.id),
            `position ${pos.position} layer ${layer}: ids`,
          );
          top.forEach((c, i) => assert.ok(Math.abs(c.p - expected[i].p) < 1e-4, `position ${pos.position} layer ${layer}: p ${c.p} vs ${expected[i].p}`));
        });
      }
    });
  }

  for (const [name, weights] of [
    ['tiny-gpt2', 'fp16'],
    ['tiny-bert', 'fp16'],
    ['tiny-bert', 'q8'],
  ] as const) {
    it(`${name} with ${weights} weights: the last layer is the model's prediction within their rounding`, async () => {
      const engine = new Engine({ cacheDir: scratch(), precision: 'float32', weights });
      try {
        const mask = name === 'tiny-bert' ? [2, 4] : undefined;
        const result = await engine.analyze(fixture(name), { text: 'The river bank was steep.', mask, lens: true, topK: 3 });
        assert.equal(result.model.weights, weights);
        if (weights === 'q8') assert.match(result.notices.join(' '), /quantizes the output head's input per run/);
        const T = result.tokens.length;
        const own = (position: number) =>
          mask
            ? result.predictions.masked.find((m) => m.position === position)?.top
            : position === T - 1
              ? result.predictions.next
              : result.predictions.perToken.find((s) => s.position === position + 1)?.top;
        const lens = result.lens?.positions ?? [];
        assert.equal(lens.length, mask ? mask.length : T);
        let worst = 0;
        for (const pos of lens) {
          const expected = own(pos.position);
          assert.ok(expected);
          const last = pos.layers[pos.layers.length - 1].top;
          worst = Math.max(worst, Math.abs(last[0].p - expected[0].p));
          if (weights === 'fp16') assert.equal(last[0].id, expected[0].id);
        }
        assert.ok(worst < (weights === 'fp16' ? 1e-3 : 0.05), `top-1 p differs by ${worst}`);
      } finally {
        await engine.dispose();
      }
    });
  }

  it('is refused, with the reason, for a model whose graph hides it (a merged decoder)', async () => {
    const engine = new Engine({ cacheDir: scratch(), precision: 'float32' });
    try {
      const result = await engine.analyze(fixture('tiny-gpt2-merged'), { text: 'a b c' });
      assert.match(result.notices.join(' '), /not available for a merged decoder/);
      await assert.rejects(engine.analyze(fixture('tiny-gpt2-merged'), { text: 'a b c', lens: true }), /hidden states cannot be located|not available/);
    } finally {
      await engine.dispose();
    }
  });
});
