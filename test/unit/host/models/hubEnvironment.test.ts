// HF_ENDPOINT as the extension reads it (host/models/engineSettings.ts): a value that is not an
// http(s) address ("hub.example.com", ftp://…) used to be passed to the engine unchecked and only
// reported when a download was tried, minutes later, as a failed download. It is now said when the
// engine starts, as attentionLens.hubEndpoint is when set — never with its password.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfig } from '../../../../src/host/config';
import { hubEnvironmentProblem } from '../../../../src/host/models/engineSettings';

const config = (values: Record<string, unknown>) => readConfig((key) => values[key]);

describe('HF_ENDPOINT as the extension reads it', () => {
  for (const address of ['hub.example.com', 'ftp://mirror.example.com/', 'file:///etc/', 'http://[::1']) {
    it(`${address} is said when read, naming it and what it takes`, () => {
      const message = hubEnvironmentProblem(config({}), address);
      assert.ok(message, 'said');
      assert.ok(message.includes(JSON.stringify(address)), message);
      assert.match(message, /HF_ENDPOINT/);
      assert.match(message, /http:\/\/ or https:\/\//);
      assert.match(message, /attentionLens\.hubEndpoint/);
    });
  }

  it('never shows a password it holds', () => {
    for (const address of ['user:secret@hub.example.com', 'ftp://user:secret@mirror.example.com/']) {
      const message = hubEnvironmentProblem(config({}), address);
      assert.ok(message, address);
      assert.doesNotMatch(message, /secret|user:/);
    }
  });

  it('says nothing of an http(s) address, of none, or where it does not apply', () => {
    assert.equal(hubEnvironmentProblem(config({}), 'https://mirror.example.com/'), null);
    assert.equal(hubEnvironmentProblem(config({}), 'http://127.0.0.1:8080'), null);
    assert.equal(hubEnvironmentProblem(config({}), undefined), null);
    assert.equal(hubEnvironmentProblem(config({}), ''), null);
    assert.equal(hubEnvironmentProblem(config({ hubEndpoint: 'https://mine.example.com' }), 'hub.example.com'), null, 'the setting comes first');
    assert.equal(hubEnvironmentProblem(config({ allowRemoteModels: false }), 'hub.example.com'), null, 'nothing is downloaded');
  });
});
