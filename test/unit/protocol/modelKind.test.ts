// Encoder or decoder from config.json: the one table both the engine and Select Model read (protocol/modelKind.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindOfConfig, MODEL_TYPES } from '../../../src/protocol/modelKind';

describe('model kind', () => {
  it('tells encoders from decoders by architectures first, then model_type', () => {
    assert.equal(kindOfConfig({ architectures: ['BertForMaskedLM'] }), 'encoder');
    assert.equal(kindOfConfig({ architectures: ['BertForPreTraining'] }), 'encoder');
    assert.equal(kindOfConfig({ architectures: ['GPT2LMHeadModel'] }), 'decoder');
    assert.equal(kindOfConfig({ architectures: ['LlamaForCausalLM'], model_type: 'bert' }), 'decoder', 'the head says more than the base type');
    assert.equal(kindOfConfig({ model_type: 'distilbert' }), 'encoder');
    assert.equal(kindOfConfig({ model_type: 'whisper' }), null);
    assert.equal(kindOfConfig({ architectures: [42, null], model_type: 7 }), null);
    assert.equal(kindOfConfig({}), null);
  });

  it('knows deberta and qwen3, which Select Model used to call unknown', () => {
    assert.equal(kindOfConfig({ model_type: 'deberta-v2' }), 'encoder');
    assert.equal(kindOfConfig({ model_type: 'deberta' }), 'encoder');
    assert.equal(kindOfConfig({ model_type: 'qwen3' }), 'decoder');
    assert.equal(kindOfConfig({ architectures: ['Qwen3Model'], model_type: 'qwen3' }), 'decoder', 'a base-model architecture falls back to the type');
  });

  it('lists no model type under both kinds', () => {
    assert.deepEqual(
      MODEL_TYPES.encoder.filter((t) => MODEL_TYPES.decoder.includes(t)),
      [],
    );
    for (const type of [...MODEL_TYPES.encoder, ...MODEL_TYPES.decoder]) assert.notEqual(kindOfConfig({ model_type: type }), null, type);
  });
});
