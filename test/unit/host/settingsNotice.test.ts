// How a setting's unusable value is quoted in the notice (settingsNotice.ts): cut short, never
// through the middle of a character, so the neutraliser has no half character to turn into U+FFFD.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidSettingMessage, spelled } from '../../../src/host/settingsNotice';

describe('settingsNotice: the value as settings.json spells it', () => {
  it('keeps a short value whole, as JSON', () => {
    assert.equal(spelled('lots'), '"lots"');
    assert.equal(spelled(7), '7');
  });

  it('cuts a long value to the limit with "…"', () => {
    const cut = spelled('x'.repeat(500), 60);
    assert.equal(cut.length, 60);
    assert.ok(cut.endsWith('…'));
  });

  it('never cuts through a character made of two UTF-16 units (an emoji at the cut)', () => {
    // '"' + 57 letters puts the emoji's two units across the cut at 59.
    const cut = spelled(`${'a'.repeat(57)}😀 and more`, 60);
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), `a lone high surrogate in ${JSON.stringify(cut)}`);
    assert.ok(cut.endsWith('…'));
  });

  it('says the setting, where it is set, the value and what applies', () => {
    const message = invalidSettingMessage({ key: 'maxTokens', value: 'lots' }, 'user');
    assert.match(message, /maxTokens/);
    assert.match(message, /"lots"/);
    assert.match(message, /512/);
  });

  // A hub address with a password but no scheme was shown whole in the notice ("user:secret@…").
  it('never shows the password of a hub address it cannot use', () => {
    for (const value of ['user:secret@hub.example.com', 'ftp://user:secret@mirror.example.com/', 'https://user:se/cret@hub.example.com/']) {
      const message = invalidSettingMessage({ key: 'hubEndpoint', value }, 'workspace');
      assert.doesNotMatch(message, /secret|se\/cret|user:/, message);
      assert.match(message, /hub\.example\.com|mirror\.example\.com/, 'the host is still named');
    }
  });

  it('says a hub address takes http:// or https://', () => {
    const message = invalidSettingMessage({ key: 'hubEndpoint', value: 'hub.example.com' }, 'user');
    assert.match(message, /"hub\.example\.com"/);
    assert.match(message, /an http:\/\/ or https:\/\/ address/);
  });
});
