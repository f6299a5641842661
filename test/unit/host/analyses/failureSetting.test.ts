// A model that could not be had names the setting that chose it (failure.ts failureMessage's
// origin): the engine's line names the model only, and it stays free of settings (vscode-free, and
// the CLI has no settings).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { EngineError } from '../../../../src/engine/errors';
import { failureMessage } from '../../../../src/host/analyses/failure';
import { useLocale } from '../../../../src/host/l10n';
import { ENGLISH } from '../../../../src/protocol/locale';
import { ROOT } from '../../../support/paths';

const SPANISH = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
const NOT_ON_HUB = new EngineError('model-files-missing', 'model org/nothing was not found on the hub (HTTP 404 for config.json): check the id');
const NOT_CACHED = new EngineError('model-files-missing', 'model org/tiny is not cached and remote downloads are disabled');
const NO_FOLDER = new EngineError('file-not-found', 'model folder not found: /home/me/models/gone');

describe('failures of a model a setting chose', () => {
  afterEach(() => useLocale(ENGLISH));

  it('names the setting of a hub id not on the hub, and of a missing folder', () => {
    assert.match(failureMessage(NOT_ON_HUB, { setting: 'decoderModel', allowRemote: true }), /attentionLens\.decoderModel/);
    assert.match(failureMessage(NO_FOLDER, { setting: 'encoderModel', allowRemote: true }), /attentionLens\.encoderModel/);
  });

  it('says that allowRemoteModels is off when that is what stops the model', () => {
    const shown = failureMessage(NOT_CACHED, { setting: 'decoderModel', allowRemote: false });
    assert.match(shown, /attentionLens\.decoderModel/);
    assert.match(shown, /attentionLens\.allowRemoteModels/);
    assert.doesNotMatch(failureMessage(NOT_ON_HUB, { setting: 'decoderModel', allowRemote: true }), /allowRemoteModels/);
  });

  it('names no setting for the embedded model, nor for a failure that is not about having the model', () => {
    assert.doesNotMatch(failureMessage(NOT_ON_HUB), /attentionLens\./);
    assert.doesNotMatch(failureMessage(new EngineError('timeout', 'took 60 s'), { setting: 'decoderModel', allowRemote: true }), /attentionLens\./);
  });

  it('names it for a bad model name, and not for a bad text or word given to that model', () => {
    const origin = { setting: 'decoderModel', allowRemote: true } as const;
    assert.match(
      failureMessage(new EngineError('bad-input', 'not a model folder or hub id: x!! (a folder is an absolute path)'), origin),
      /attentionLens\.decoderModel/,
    );
    for (const input of ['the text is empty', 'the experiment needs at least two words', '"río" does not occur as a whole word in the text'])
      assert.doesNotMatch(failureMessage(new EngineError('bad-input', input), origin), /attentionLens\./, input);
  });

  it('says it in Spanish too', () => {
    useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
    const english = (() => {
      useLocale(ENGLISH);
      const s = failureMessage(NOT_CACHED, { setting: 'decoderModel', allowRemote: false });
      useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
      return s;
    })();
    const shown = failureMessage(NOT_CACHED, { setting: 'decoderModel', allowRemote: false });
    assert.match(shown, /attentionLens\.decoderModel/);
    assert.match(shown, /attentionLens\.allowRemoteModels/);
    assert.notEqual(shown, english);
  });
});
