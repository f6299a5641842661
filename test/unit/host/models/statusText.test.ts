// The status bar item's text and tooltip (statusText.ts) for hostile model names and errors: the
// tooltip quotes the engine's error, which quotes a model's files, a folder or a server, so a
// terminal escape, a bidi override, a zero-width character or a newline in it reads as an escape
// on one line, cut to a notification's length, as in every other sink.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelStatus } from '../../../../src/protocol/webviewApi';
import { statusText, statusTooltip } from '../../../../src/host/models/statusText';

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const failed: ModelStatus = {
  model: `org/m\u202Egpj.exe $(alert)`,
  kind: 'decoder',
  state: 'error',
  detail: `could not download org/m/config.json: \u001b[31mHTTP 500\u001b[0m\n\u2066fake\u2069 line\u200B ${'z'.repeat(5000)}`,
  progress: null,
};

describe('the status bar item', () => {
  it('its text shows a hostile model name escaped, a "$(" in it as text', () => {
    const text = statusText(failed);
    assert.ok(text.startsWith('$(error) org/m\\u202Egpj.exe $\u200b(alert)'), text);
  });

  it("its tooltip shows the engine's error on one line, escaped and cut", () => {
    const tip = statusTooltip(failed);
    assert.ok(!HIDDEN.test(tip), JSON.stringify(tip.slice(0, 200)));
    assert.ok(tip.includes('\\x1B[31mHTTP 500\\x1B[0m \\u2066fake\\u2069 line\\u200B'), tip.slice(0, 200));
    assert.ok(tip.length < 1000, `${tip.length} characters`);
  });
});
