// Raw messages from a server or from transformers.js, cut and neutralised (hostile inputs, round 15).
// A download that failed appended the fetch error's message whole, and a tokenizer transformers.js
// could not build appended its message whole: a hub that redirects to a scheme of thousands of
// characters, or a tokenizer.json whose normalizer type is a paragraph with newlines and an escape
// sequence, wrote all of it into the one-line notification (EngineError's 1,000-character cut then
// dropped the end). The reason is now one line of at most 200 characters, control characters escaped.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EngineError } from '../../src/engine/errors';
import { loadModel } from '../../src/engine/model';
import { resolveModel } from '../../src/engine/modelSource';
import { engineFailure } from '../support/cacheFiles';
import { HubServer } from '../support/hubServer';
import { fixture, scratch } from '../support/paths';
import { modelCopy } from './support/securityModels';

/** The part of `message` in the parentheses or after the colon that the engine appended. */
function reasonIn(message: string, start: string): string {
  const at = message.indexOf(start);
  assert.ok(at >= 0, message);
  return message.slice(at + start.length);
}

describe('a download that fails with a hostile reason', () => {
  const hub = new HubServer();
  let host = '';
  before(async () => {
    hub.repo('long/tiny-bert', fixture('tiny-bert'));
    hub.rule('long/tiny-bert/config.json', { redirectTo: `${'x'.repeat(5000)}:payload` });
    host = await hub.start();
  });
  after(() => hub.stop());

  it('a redirect to a scheme of 5,000 characters: the reason is cut to 200 characters', async () => {
    const error = await engineFailure(
      resolveModel('long/tiny-bert', {
        cacheDir: scratch(),
        allowRemote: true,
        remoteHost: host,
        remotePathTemplate: '{model}/resolve/{revision}/',
        retries: 1,
        retryDelayMs: 10,
      }),
    );
    assert.equal(error.code, 'network');
    const reason = reasonIn(error.message, `from ${new URL(host).host}: `);
    assert.ok(reason.length <= 200, `${reason.length} characters: ${reason.slice(0, 80)}`);
    assert.match(reason, /^a redirect to a x+…$/, reason);
  });
});

describe('a tokenizer transformers.js cannot build, with a hostile reason', () => {
  it('a normalizer type of newlines, an escape sequence and 5,000 characters: one line, escaped, cut', async () => {
    const folder = modelCopy('tiny-bert');
    const file = path.join(folder, 'tokenizer.json');
    const tokenizer = JSON.parse(readFileSync(file, 'utf8')) as { normalizer: { type: string } };
    tokenizer.normalizer = { type: `Evil\nSecond line\u001b[31mred${'y'.repeat(5000)}` };
    writeFileSync(file, JSON.stringify(tokenizer));
    let error: unknown;
    try {
      await loadModel(folder, { cacheDir: scratch(), precision: 'float32', topK: 3 });
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof EngineError, String(error));
    const reason = reasonIn(error.message, 'tokenizer could not be loaded (');
    assert.ok(reason.length <= 201, `${reason.length} characters`);
    assert.match(reason, /^Unknown Normalizer type: Evil Second line\\x1B\[31mredy+…\)$/, reason.slice(0, 120));
  });
});
