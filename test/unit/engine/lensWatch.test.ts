// The lens's watch list: a watched token has its probability and rank at every layer wherever it stands, not only
// within the top-k the grid asks for. Each reported value is checked against a full softmax of the float64 reference
// head (the weights, in float64) applied to the float64 reference's stream of that layer, for a token the reference
// ranks far below the top 20.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RankedCandidate } from '../../../src/protocol/analysis';
import { engine, TEXT } from '../../support/probeCases';
import { fixture } from '../../support/paths';
import { referenceForward, referenceHead } from '../../support/reference';

/** The reference's p and rank (1 = top) of `id` in one row of logits, and how many logits tie with it within `eps`. */
function referenceOf(logits: Float64Array, id: number, eps: number): { p: number; rank: number; ties: number } {
  let max = -Infinity;
  for (const x of logits) max = Math.max(max, x);
  let sum = 0;
  let higher = 0;
  let ties = 0;
  for (const x of logits) {
    sum += Math.exp(x - max);
    if (x > logits[id]) higher++;
    if (Math.abs(x - logits[id]) <= eps) ties++;
  }
  return { p: Math.exp(logits[id] - max) / sum, rank: higher + 1, ties };
}

describe('the lens watch list', () => {
  for (const { name, kind } of [
    { name: 'tiny-gpt2', kind: 'decoder' },
    { name: 'tiny-bert', kind: 'encoder' },
  ] as const) {
    it(`${name}: a token outside the top 20 gets its true probability and rank at every layer`, async () => {
      const model = await engine.load(fixture(name));
      const decode = (id: number) => model.tokenizer.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
      const mask = kind === 'encoder' ? [2] : [];
      const { result, probes } = await engine.analyzeForViews(fixture(name), { text: TEXT, mask, hidden: true, topK: 3 });
      assert.ok(result.hidden);
      const position = kind === 'encoder' ? 2 : 3;
      const maskId = (model.tokenizer as unknown as { mask_token_id: number }).mask_token_id;
      const ids = result.tokens.map((t, i) => (mask.includes(i) ? maskId : t.id));
      const ref = referenceForward(fixture(name), kind, {
        inputIds: ids,
        attentionMask: ids.map(() => 1),
        tokenTypeIds: kind === 'encoder' ? ids.map(() => 0) : undefined,
      });
      const T = ref.seqLength;
      const V = ref.vocabSize;
      const row = (layer: number) => referenceHead(fixture(name), ref.hidden[layer], T).subarray(position * V, (position + 1) * V);
      // A word the reference ranks between 60th and 300th at layer 1 (far outside the top 20), that the vocabulary
      // holds as one token when written alone (as the reader types it).
      const layer1 = row(1);
      const order = [...layer1.keys()].sort((a, b) => layer1[b] - layer1[a]);
      const word = order
        .slice(60, 300)
        .map((id) => decode(id).trim())
        .find((text) => /^[a-z]{3,}$/i.test(text) && model.tokenizer.encode(text, { add_special_tokens: false }).length === 1);
      assert.ok(word, 'a one-token word ranked 60–300 at layer 1');
      const watch = [word, 'zzqx zzqx'];
      const lens = await probes.lens(result.hidden, [position], 20, watch);
      assert.deepEqual(lens.watch, watch);
      const [at] = lens.positions;
      assert.equal(at.layers.length, ref.hidden.length);
      let outside = 0;
      for (const { layer, top, watched } of at.layers) {
        assert.ok(watched, `layer ${layer}: watched`);
        assert.equal(watched.length, 2);
        assert.equal(watched[1], null, 'two words are not one token: no number');
        const w = watched[0] as RankedCandidate;
        assert.ok(w, `layer ${layer}: the word is found`);
        assert.equal(decode(w.id).trim(), word);
        assert.equal(w.token, decode(w.id));
        const logits = row(layer);
        let scale = 0;
        for (const x of logits) scale = Math.max(scale, Math.abs(x));
        const expected = referenceOf(logits, w.id, 1e-4 * scale);
        assert.ok(Math.abs(w.p - expected.p) <= 1e-4 * Math.max(expected.p, 1e-3), `layer ${layer}: p ${w.p} vs ${expected.p}`);
        assert.ok(Math.abs(w.rank - expected.rank) < expected.ties, `layer ${layer}: rank ${w.rank} vs ${expected.rank}`);
        // Within the top-k, the same candidate at the same place.
        const i = top.findIndex((c) => c.id === w.id);
        if (i >= 0) assert.equal(w.rank, i + 1);
        if (w.rank > 20) outside++;
      }
      assert.ok(outside > 0, 'the word is outside the top 20 at some layer');
    });
  }

  it('a lens asked without a watch list has none', async () => {
    const { result, probes } = await engine.analyzeForViews(fixture('tiny-gpt2'), { text: TEXT, hidden: true, topK: 3 });
    assert.ok(result.hidden);
    const lens = await probes.lens(result.hidden, [1], 5);
    assert.equal(lens.watch, undefined);
    assert.ok(lens.positions[0].layers.every((l) => l.watched === undefined));
  });
});
