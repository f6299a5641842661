// A model setting that names a model of the other kind (a GPT-style decoder in
// attentionLens.encoderModel): the analysis ran, the status bar called it the encoder, and nothing
// named the setting until Mask Word failed with "masking needs an encoder". Now the first analysis
// says it, once per setting and model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KindNotice } from '../../../src/host/models/kindNotice';

describe('KindNotice', () => {
  it('names the setting, the model and its kind when the kinds differ, once per setting and model', () => {
    const notice = new KindNotice();
    const message = notice.check('encoder', { id: '/home/me/models/tiny-gpt', kind: 'decoder' });
    assert.ok(message);
    assert.match(message, /attentionLens\.encoderModel/u);
    assert.match(message, /tiny-gpt/u);
    assert.match(message, /decoder/u);
    assert.equal(notice.check('encoder', { id: '/home/me/models/tiny-gpt', kind: 'decoder' }), null, 'said once');
    const other = notice.check('decoder', { id: 'Xenova/bert-base-uncased', kind: 'encoder' });
    assert.ok(other);
    assert.match(other, /attentionLens\.decoderModel/u);
    assert.match(other, /Xenova\/bert-base-uncased/u);
  });

  it('says nothing when the model is of the setting’s kind', () => {
    assert.equal(new KindNotice().check('decoder', { id: 'tiny-gpt-es-en', kind: 'decoder' }), null);
  });
});
