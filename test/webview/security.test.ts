// What the webviews do with hostile text and malformed messages (headless Chromium): document and
// model text shows literally and runs nothing, no HTML-parsing sink is ever used, the page keeps
// its CSP and has no inline script, and every message that fails the guards is dropped and counted.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openView, sharedSession, type ViewPage } from './support/browser';
import type { Tamper } from './support/analysisSpec';
import type { LensWindow } from './support/pageHarness';
import { ROOT } from './support/server';
import { RIVER } from './support/specs';

const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '</script><script>window.__pwned=2</script>';
const JS_URL = 'javascript:alert(1)';

const session = sharedSession();
after(() => session.close());

interface Exposure {
  pwned: unknown;
  images: number;
  scripts: number;
  inlineHandlers: string[];
  sinks: string[];
  csp: string[];
}

function exposure(v: ViewPage): Promise<Exposure> {
  return v.page.evaluate(() => {
    const lens = (window as unknown as LensWindow).__lens;
    const inlineHandlers: string[] = [];
    for (const node of document.querySelectorAll('*'))
      for (const a of node.attributes) if (/^on/i.test(a.name)) inlineHandlers.push(`${node.tagName}[${a.name}]`);
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      inlineHandlers,
      sinks: [...lens.htmlSinks],
      csp: [...lens.cspViolations],
    };
  });
}

const CLEAN: Exposure = { pwned: undefined, images: 0, scripts: 1, inlineHandlers: [], sinks: [], csp: [] };

describe('webview security', () => {
  it('the page has its CSP, one nonce script from the bundle, and no inline script', async () => {
    const { browser, server } = await session.get();
    const v = await openView(browser, server, 'panel');
    try {
      const page = await v.page.evaluate(() => ({
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
        scripts: [...document.scripts].map((s) => ({ src: s.src, nonce: s.nonce, text: s.textContent ?? '' })),
      }));
      assert.match(page.csp, /default-src 'none'/);
      assert.match(page.csp, /script-src 'nonce-[A-Za-z0-9+/=]{20,}'/);
      assert.doesNotMatch(page.csp, /unsafe-(inline|eval)/);
      assert.equal(page.scripts.length, 1);
      assert.equal(page.scripts[0].src, `${server.origin}/dist/panel.js`);
      assert.ok(page.scripts[0].nonce.length >= 20);
      assert.equal(page.scripts[0].text.trim(), '');
      assert.doesNotMatch(server.lastHtml('panel'), /<script(?![^>]*\bsrc=)[^>]*>/, 'every <script> has a src');
      assert.doesNotMatch(server.lastHtml('panel'), /\son[a-z]+=/i, 'no inline handlers in the page');
    } finally {
      await v.close();
    }
  });

  it('hostile document, model, token and notice text is shown literally and runs nothing', async () => {
    const { browser, server } = await session.get();
    const v = await openView(browser, server, 'panel');
    try {
      await v.notify('status', { model: IMG, kind: 'encoder', state: 'error', detail: SCRIPT, progress: null });
      await v.analysis({
        ...RIVER,
        documentName: IMG,
        modelId: SCRIPT,
        tokens: [{ text: '[CLS]', special: true }, IMG, SCRIPT, JS_URL, { text: '"><svg onload=alert(2)>', masked: true }, { text: '[SEP]', special: true }],
        notices: [IMG, SCRIPT, JS_URL],
        masked: [
          {
            position: 4,
            top: [
              [IMG, 0.5],
              [SCRIPT, 0.3],
              [JS_URL, 0.2],
            ],
          },
        ],
      });
      await v.page.locator('#token-1').hover();
      await v.page.locator('#token-3').click();
      await v.settle();
      assert.equal(await v.page.locator('h1').innerText(), IMG);
      assert.ok((await v.page.locator('.model-line').innerText()).startsWith(`${SCRIPT} · encoder`));
      assert.deepEqual(await v.page.locator('.notice').allTextContents(), [IMG, SCRIPT, JS_URL]);
      // Spaces show as ␣ in the strip; everything else is the text itself.
      const visible = (s: string): string => s.replaceAll(' ', '␣');
      assert.deepEqual(await v.page.locator('.token').allTextContents(), [
        '[CLS]',
        visible(IMG),
        visible(SCRIPT),
        JS_URL,
        visible('"><svg onload=alert(2)>'),
        '[SEP]',
      ]);
      assert.deepEqual(await v.page.locator('.bar-label').allTextContents(), [visible(IMG), visible(SCRIPT), JS_URL]);
      assert.match(await v.page.locator('.status').innerText(), /<img src=x onerror=window\.__pwned=1>/);
      assert.deepEqual(await exposure(v), CLEAN);
      assert.equal(await v.page.locator('svg, a[href], iframe, object, embed').count(), 0);
      assert.deepEqual(v.dialogs, []);
      assert.deepEqual(v.errors, []);
    } finally {
      await v.close();
    }
  });

  it('the side view shows hostile summary text literally too', async () => {
    const { browser, server } = await session.get();
    const v = await openView(browser, server, 'side');
    try {
      await v.notify('status', { model: SCRIPT, kind: null, state: 'loading', detail: IMG, progress: null });
      await v.notify('summary', {
        id: 1,
        document: IMG,
        model: SCRIPT,
        kind: 'decoder',
        tokens: 3,
        analyzed: { start: 0, end: 9 },
        predictions: [
          { label: JS_URL, p: 0.5 },
          { label: IMG, p: 0.25 },
        ],
        notices: [SCRIPT],
      });
      assert.equal(await v.page.locator('.doc-name').innerText(), IMG);
      assert.deepEqual(await v.page.locator('.notice').allTextContents(), [SCRIPT]);
      assert.deepEqual(await v.page.locator('.bar-label').allTextContents(), [JS_URL, IMG.replaceAll(' ', '␣')]);
      assert.deepEqual(await exposure(v), CLEAN);
      assert.deepEqual(v.dialogs, []);
    } finally {
      await v.close();
    }
  });

  it('malformed messages are rejected, counted, and change nothing', async () => {
    const { browser, server } = await session.get();
    const v = await openView(browser, server, 'panel');
    try {
      await v.analysis(RIVER);
      const snapshot = (): Promise<string> => v.page.evaluate(() => document.getElementById('app')?.outerHTML ?? '');
      const before = await snapshot();
      const tampers: Tamper[] = ['key-missing', 'shape-mismatch', 'missing-ranges', 'layer-out-of-range', 'token-without-text'];
      for (const tamper of tampers) await v.analysis({ ...RIVER, id: 8, documentName: 'tampered.txt' }, tamper);
      const junk: unknown[] = [
        { rpc: 'notify', method: 'explode', params: {} },
        { rpc: 'notify', method: 'analysis' },
        { rpc: 'notify', method: 'status', params: { model: 'm', kind: 'encoder', state: 'melting', detail: '', progress: null } },
        { rpc: 'notify', method: 'status', params: { model: 'm', kind: 'encoder', state: 'loading', detail: '', progress: 2 } },
        { rpc: 'notify', method: 'focus', params: { analysisId: 7, token: '3' } },
        { rpc: 'notify', method: 'focus', params: { analysisId: 7, token: -1 } },
        { rpc: 'notify', method: 'summary', params: { id: 1 } },
        { rpc: 'notify', method: '__proto__', params: {} },
        { rpc: 'notify', method: 'toString', params: {} },
        { rpc: 'explode', method: 'analysis', params: {} },
        { method: 'status', params: {} },
        'hello',
        42,
        null,
        [1, 2, 3],
      ];
      for (const message of junk) await v.raw(message);
      assert.equal(await v.rejected(), tampers.length + junk.length);
      assert.equal(await snapshot(), before, 'the view is unchanged');
      assert.equal(v.warnings.filter((w) => w.startsWith('Attention Lens: ignored a malformed message')).length, tampers.length + junk.length);
      assert.deepEqual(v.errors, []);
      // A good message still gets through afterwards.
      await v.analysis({ ...RIVER, id: 9, documentName: 'after.txt' });
      assert.equal(await v.page.locator('h1').innerText(), 'after.txt');
      assert.equal(await v.rejected(), tampers.length + junk.length);
    } finally {
      await v.close();
    }
  });

  it('the webview sources use no HTML-parsing sink, eval, Function or inline handler', () => {
    const dir = path.join(ROOT, 'webview');
    const forbidden = [
      /\.innerHTML\b/,
      /\.outerHTML\b/,
      /insertAdjacentHTML/,
      /document\.write/,
      /\beval\s*\(/,
      /\bnew\s+Function\b/,
      /createContextualFragment/,
      /DOMParser/,
      /setAttribute\(\s*['"]on/i,
      /setTimeout\(\s*['"`]/,
    ];
    const found: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const pattern of forbidden) if (pattern.test(source)) found.push(`${file}: ${pattern}`);
    }
    assert.deepEqual(found, []);
    for (const bundle of ['panel.js', 'side.js']) {
      const code = readFileSync(path.join(ROOT, 'dist', 'webview', bundle), 'utf8');
      assert.doesNotMatch(code, /\.innerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function/, bundle);
    }
  });
});
