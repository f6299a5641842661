// What a failure says to a person (failure.ts): the engine's English line kept as an argument of
// a sentence in the UI's language chosen by the error code; the host's own errors as they are.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { EngineError } from '../../../../src/engine/errors';
import { ERROR_CODES } from '../../../../src/protocol/errors';
import { failureMessage, localized, LocalizedError } from '../../../../src/host/analyses/failure';
import { t, useLocale } from '../../../../src/host/l10n';
import { ENGLISH } from '../../../../src/protocol/locale';
import { ROOT } from '../../../support/paths';

const SPANISH = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8')) as Record<string, string>;
const ENGINE_LINE = 'cannot reach 127.0.0.1:9 to download org/model (connection refused): check the network connection and the hub address';

describe('failure messages', () => {
  afterEach(() => useLocale(ENGLISH));

  it('translates an engine error by its code and keeps the engine’s line, in English as in Spanish', () => {
    const error = new EngineError('network', ENGINE_LINE);
    assert.equal(failureMessage(error), `The model could not be downloaded: ${ENGINE_LINE}`);
    useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
    assert.equal(failureMessage(error), `No se pudo descargar el modelo: ${ENGINE_LINE}`);
    assert.equal(error.message, ENGINE_LINE, 'the engine’s error itself stays English, for the log');
  });

  it('gives every error code a sentence of the Spanish bundle', () => {
    useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
    for (const code of ERROR_CODES) {
      const shown = failureMessage(new EngineError(code, 'DETAIL'));
      useLocale(ENGLISH);
      const english = failureMessage(new EngineError(code, 'DETAIL'));
      useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
      assert.notEqual(shown, english, `${code}: "${shown}" is not translated`);
    }
  });

  it('shows the host’s own errors as they are, and keeps the code when it localizes', () => {
    useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
    const own = new LocalizedError('bad-input', t('the text changed'));
    assert.equal(failureMessage(own), 'el texto cambió');
    assert.equal(localized(own), own);
    const fromEngine = localized(new EngineError('worker-crashed', 'the engine worker stopped'));
    assert.equal(fromEngine.code, 'worker-crashed');
    assert.equal(fromEngine.message, 'El motor se detuvo: the engine worker stopped');
  });
});
