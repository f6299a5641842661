// Which probes the patcher finds in each graph family, and the notices where a graph hides one: the table below is
// the answer to "which family exposes what" (hidden states, q/k/v, the head mask, the lens head).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { patchModelBytes } from '../../../../src/engine/onnx/patch';
import { proto } from '../../../../src/engine/onnx/proto';
import { fixture } from '../../../support/paths';

const read = (name: string, file = 'model.onnx'): Uint8Array => readFileSync(path.join(fixture(name), 'onnx', file));
const probes = { heads: 4, width: 32 } as const;

const EXPOSED: Record<string, { kind: 'encoder' | 'decoder'; layout: 'heads' | 'merged'; kTransposed: boolean; lens: 'mlm' | 'logit' }> = {
  'tiny-bert': { kind: 'encoder', layout: 'heads', kTransposed: true, lens: 'mlm' },
  'tiny-distilbert': { kind: 'encoder', layout: 'heads', kTransposed: true, lens: 'mlm' },
  'tiny-roberta': { kind: 'encoder', layout: 'heads', kTransposed: true, lens: 'mlm' },
  'tiny-bert-mha': { kind: 'encoder', layout: 'merged', kTransposed: false, lens: 'mlm' },
  'tiny-bert-attn23': { kind: 'encoder', layout: 'merged', kTransposed: false, lens: 'mlm' },
  'tiny-gpt2': { kind: 'decoder', layout: 'heads', kTransposed: true, lens: 'logit' },
  'tiny-qwen2': { kind: 'decoder', layout: 'heads', kTransposed: true, lens: 'logit' },
  'tiny-gpt2-gqa': { kind: 'decoder', layout: 'merged', kTransposed: false, lens: 'logit' },
};

describe('probes in the patched graph', () => {
  for (const [name, want] of Object.entries(EXPOSED)) {
    it(`${name}: hidden states (L+1), q/k/v of every layer, the head mask and the lens head`, async () => {
      const result = patchModelBytes(read(name), { topK: 3, probes: { ...probes, kind: want.kind } }, name);
      const p = result.outputs.probes;
      assert.ok(p);
      assert.deepEqual(p.hidden, ['probe.hidden.0', 'probe.hidden.1', 'probe.hidden.2']);
      for (const layer of p.qkv) {
        assert.ok(layer);
        assert.equal(layer.layout, want.layout);
        assert.equal(layer.kTransposed, want.kTransposed);
      }
      assert.equal(p.headMask, 'attention_lens.head_mask');
      assert.equal(p.lens?.kind, want.lens);
      assert.equal(result.notices.length, 0, result.notices.join('; '));
      const session = await ort.InferenceSession.create(result.bytes);
      for (const out of p.hidden) assert.ok(session.outputNames.includes(out), out);
      assert.ok(session.inputNames.includes('attention_lens.head_mask'));
      // The lens head is a model of its own: a lens run computes the head alone, not a forward pass besides.
      assert.ok(!session.inputNames.includes('attention_lens.lens_input'));
      await session.release();
      assert.ok(result.lensBytes);
      const lens = await ort.InferenceSession.create(result.lensBytes);
      assert.deepEqual(lens.inputNames, ['attention_lens.lens_input', 'attention_lens.lens_watch']);
      for (const out of [p.lens?.heads.topValues, p.lens?.watch?.logits, p.lens?.watch?.higher]) assert.ok(out && lens.outputNames.includes(out), out);
      await lens.release();
    });
  }

  it('patches nothing of the sort unless asked (the cache key differs)', () => {
    assert.equal(patchModelBytes(read('tiny-bert'), { topK: 3 }, 'tiny-bert').outputs.probes, null);
  });

  it('says that a merged decoder (layers inside an If) has no probes', () => {
    const result = patchModelBytes(read('tiny-gpt2-merged', 'decoder_model_merged.onnx'), { topK: 3, probes: { ...probes, kind: 'decoder' } }, 'merged');
    assert.equal(result.outputs.probes, null);
    assert.match(result.notices.join(' '), /not available for a merged decoder/);
  });

  it('says that q and k come before the rotary embedding a GroupQueryAttention applies inside', () => {
    const model = proto.ModelProto.decode(read('tiny-gpt2-gqa'));
    for (const n of model.graph?.node ?? [])
      if (n.opType === 'GroupQueryAttention') n.attribute = [...(n.attribute ?? []), { name: 'do_rotary', type: proto.AttributeProto.AttributeType.INT, i: 1 }];
    const result = patchModelBytes(proto.ModelProto.encode(model).finish(), { topK: 3, probes: { ...probes, kind: 'decoder' } }, 'gqa');
    assert.match(result.notices.join(' '), /before the rotary embedding it applies inside/);
  });
});
