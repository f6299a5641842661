// The webview page's CSP and nonce (webviewHtml.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeNonce, webviewHtml } from '../../../../src/host/webviews/webviewHtml';

describe('webview page', () => {
  it('serves a page whose CSP allows only its nonce for scripts and holds no inline script', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(nonce, makeNonce());
    const html = webviewHtml({
      view: 'panel',
      cspSource: 'https://res.example',
      nonce,
      scriptUri: 'https://res.example/panel.js',
      styleUri: 'https://res.example/view.css',
      title: 'A <b>"title"</b>',
    });
    assert.match(html, new RegExp(`default-src 'none'; script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'; style-src https://res.example`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0][2], '', 'no inline script body');
    assert.ok(scripts[0][1].includes(`nonce="${nonce}"`));
    assert.ok(html.includes('A &lt;b&gt;"title"&lt;/b&gt;'));
  });
});
