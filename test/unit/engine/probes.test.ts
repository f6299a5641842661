// Probes proven against the float64 reference: the hidden states (embeddings, then each block's output) equal the
// reference's residual stream, and each layer's q/k/v rebuild that layer's attention: softmax(q·kᵀ·scale + mask)
// equals `attentions[L]` (and the reference's), for every family the fixtures stand for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layerToFloat32, type QkvLayer } from '../../../src/protocol/analysis';
import { reproducesAttention } from '../../../src/engine/probes';
import { FAMILIES, magnitude, maxAbsDiff, runWithReference } from '../../support/probeCases';
import { fixture } from '../../support/paths';

/** softmax(q·kᵀ·scale + mask) per head, [heads][T][T]; the mask is causal for decoders. */
function rebuild(p: QkvLayer, causal: boolean): Float64Array {
  const { heads, kvHeads, length: T, headDim: d } = p;
  const out = new Float64Array(heads * T * T);
  for (let h = 0; h < heads; h++) {
    const kh = Math.floor((h * kvHeads) / heads);
    for (let i = 0; i < T; i++) {
      const row = new Float64Array(T);
      let max = -Infinity;
      for (let j = 0; j < T; j++) {
        if (causal && j > i) {
          row[j] = -Infinity;
          continue;
        }
        let s = 0;
        for (let e = 0; e < d; e++) s += p.q[(h * T + i) * d + e] * p.k[(kh * T + j) * d + e];
        row[j] = s * p.scale;
        max = Math.max(max, row[j]);
      }
      let sum = 0;
      for (let j = 0; j < T; j++) sum += row[j] === -Infinity ? 0 : Math.exp(row[j] - max);
      for (let j = 0; j < T; j++) out[(h * T + i) * T + j] = row[j] === -Infinity ? 0 : Math.exp(row[j] - max) / sum;
    }
  }
  return out;
}

describe('probes equal an independent recomputation from the weights', () => {
  for (const { name, kind } of FAMILIES) {
    it(`${name}: hidden states and q/k/v of every layer`, async (t) => {
      const { result, ref } = await runWithReference(name, kind, { hidden: true, qkv: [0, 1], topK: 3 });
      const hidden = result.hidden;
      assert.ok(hidden, 'hidden states');
      assert.equal(hidden.states.length, ref.hidden.length, 'L+1 entries');
      assert.equal(hidden.length, ref.seqLength);
      hidden.states.forEach((state, i) => {
        const diff = maxAbsDiff(state, ref.hidden[i]);
        t.diagnostic(`hidden[${i}] max |Δ| ${diff.toExponential(2)} (scale ${magnitude(ref.hidden[i]).toFixed(2)})`);
        assert.ok(diff < 1e-4 * Math.max(1, magnitude(ref.hidden[i])), `hidden[${i}] differs by ${diff}`);
      });
      assert.ok(!result.notices.some((n) => /does not reproduce/.test(n)), result.notices.join('; '));
      assert.equal(result.qkv?.length, 2);
      for (const p of result.qkv ?? []) {
        assert.equal(p.heads, result.attention.heads);
        assert.equal(p.q.length, p.heads * p.length * p.headDim);
        assert.equal(p.k.length, p.kvHeads * p.length * p.headDim);
        const rebuilt = rebuild(p, kind === 'decoder');
        const own = maxAbsDiff(rebuilt, layerToFloat32(result.attention.probs[p.layer], result.attention.precision));
        const theirs = maxAbsDiff(rebuilt, ref.probs[p.layer]);
        t.diagnostic(
          `layer ${p.layer}: ${p.heads} heads, ${p.kvHeads} kv heads, scale ${p.scale.toFixed(4)}; max |Δ| vs attentions ${own.toExponential(2)}, vs reference ${theirs.toExponential(2)}`,
        );
        assert.ok(own < 1e-5, `layer ${p.layer}: softmax(q·kᵀ) differs from attentions by ${own}`);
        assert.ok(theirs < 1e-4, `layer ${p.layer}: differs from the reference by ${theirs}`);
      }
    });
  }

  it('says so when q·kᵀ does not give the attention (a score bias the graph adds)', () => {
    // One head, two tokens, d = 1: scores of the last query 0.5·[1, 3] → softmax [0.269, 0.731].
    const p: QkvLayer = {
      layer: 0,
      heads: 1,
      kvHeads: 1,
      length: 2,
      headDim: 1,
      scale: 0.5,
      q: Float32Array.of(0, 1),
      k: Float32Array.of(1, 3),
      v: Float32Array.of(0, 0),
    };
    const e = Math.exp(1);
    const real = Float32Array.of(1, 0, 1 / (1 + e), e / (1 + e));
    assert.equal(reproducesAttention(p, real, 'float32'), true);
    const biased = Float32Array.of(1, 0, 0.5, 0.5);
    assert.equal(reproducesAttention(p, biased, 'float32'), false);
  });

  it('the Qwen2 graph repeats its 2 key/value heads for 4 query heads; qkv gives each once', async () => {
    const { result } = await runWithReference('tiny-qwen2', 'decoder', { qkv: [1] });
    const p = result.qkv?.[0];
    assert.equal(p?.heads, 4);
    assert.equal(p?.kvHeads, 2);
  });

  it('asks for nothing it was not asked: no probe without a request, and a bad layer is refused', async () => {
    const { result } = await runWithReference('tiny-gpt2', 'decoder', {});
    assert.equal(result.hidden, undefined);
    assert.equal(result.qkv, undefined);
    assert.equal(result.lens, undefined);
    const { engine } = await import('../../support/probeCases');
    await assert.rejects(engine.analyze(fixture('tiny-gpt2'), { text: 'a b', qkv: [2] }), /q\/k\/v layer 2 is outside the model's 2 layers/);
  });
});
