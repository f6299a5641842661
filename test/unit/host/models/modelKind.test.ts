// Encoder or decoder from config.json (modelKind.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindOfConfig } from '../../../../src/host/models/modelKind';

describe('model kind', () => {
  it('tells encoders from decoders by config.json', () => {
    assert.equal(kindOfConfig({ architectures: ['BertForMaskedLM'] }), 'encoder');
    assert.equal(kindOfConfig({ architectures: ['GPT2LMHeadModel'] }), 'decoder');
    assert.equal(kindOfConfig({ model_type: 'distilbert' }), 'encoder');
    assert.equal(kindOfConfig({ model_type: 'whisper' }), null);
  });
});
