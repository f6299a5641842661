// Which setting a failure names is the one that chose the request's model when the request began.
// originOf was read when the failure was said: a setting changed meanwhile (decoderModel emptied
// during a minute's download, downloads turned on) made the message name a setting that chose
// nothing, or leave out the one that did.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../../../../src/engine/errors';
import { failureMessage, withOrigin } from '../../../../src/host/analyses/failure';

const notCached = (): EngineError => new EngineError('model-files-missing', 'model org/tiny is not cached and remote downloads are disabled');

describe('a failure names the setting as the request had it', () => {
  it('names decoderModel and allowRemoteModels though both changed before the failure was said', () => {
    const error = withOrigin(notCached(), { setting: 'decoderModel', allowRemote: false });
    // Read now: the decoder setting was emptied (the embedded model), so the caller finds no origin.
    const shown = failureMessage(error, undefined);
    assert.match(shown, /attentionLens\.decoderModel/u, shown);
    assert.match(shown, /attentionLens\.allowRemoteModels/u, shown);
    // Read now: downloads were turned on meanwhile; they were off for this request.
    assert.match(failureMessage(error, { setting: 'decoderModel', allowRemote: true }), /attentionLens\.allowRemoteModels/u);
  });

  it('names no setting for a request of the embedded model, though a setting chose a model since', () => {
    const error = withOrigin(new EngineError('model-corrupt', 'model tiny-gpt: bad protobuf'), undefined);
    assert.doesNotMatch(failureMessage(error, { setting: 'decoderModel', allowRemote: true }), /attentionLens\./u);
  });

  it('uses the caller’s origin for an error nobody recorded', () => {
    assert.match(failureMessage(notCached(), { setting: 'encoderModel', allowRemote: true }), /attentionLens\.encoderModel/u);
  });
});
