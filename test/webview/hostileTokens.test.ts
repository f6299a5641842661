// Hostile token text in the panel (headless Chromium): bidi controls and zero-width characters
// inside tokens, tokens of nothing but them or of Unicode spaces, and very long tokens. Every place
// a token reads — the strip, its tooltip, the matrix's labels, the predictions' bars, the names a
// screen reader says — shows such characters as visible escapes (\u202E), never raw (where they
// would reorder the text around them or leave an empty label), and keeps a long token within the
// panel. Saves screenshots for people to look at.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView } from './support/browser';
import { bertMessage, NSP, RIVER } from './support/specs';
import type { AnalysisSpec } from './support/analysisSpec';
import { ROOT } from './support/server';

const session = sharedSession();
after(() => session.close());

/** Characters that must never reach the page raw from a token: controls, format characters (bidi, zero-width, BOM), separators. */
const RAW_HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const RLO = '\u202E';
const HOSTILE: AnalysisSpec = {
  id: 31,
  documentName: 'hostile.txt',
  modelId: 'tiny-bert-es-en',
  kind: 'encoder',
  tokens: [
    { text: '[CLS]', special: true, id: 3 },
    `ab${RLO}cd`,
    '\u2066x\u2069',
    '\u200B',
    'e\u200Df',
    '\uFEFF',
    '\u00A0',
    '\u3000',
    { text: `${RLO}[MASK]`, masked: true },
    { text: '[SEP]', special: true, id: 4 },
  ],
  layers: 1,
  heads: 1,
  fill: 'uniform',
  masked: [
    {
      position: 8,
      top: [
        [`evil${RLO}txt.exe`, 0.5],
        ['\u200B', 0.3],
        ['\u2067ok', 0.2],
      ],
    },
  ],
};

describe('hostile token text in the panel', () => {
  it('bidi controls and zero-width characters read as escapes in the strip, tooltip, matrix labels, bars and names', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(HOSTILE);
      await v.settle();
      const strip = await v.page.locator('.token').allTextContents();
      assert.deepEqual(strip.slice(1, 9), ['ab\\u202Ecd', '\\u2066x\\u2069', '\\u200B', 'e\\u200Df', '\\uFEFF', '\\u00A0', '\\u3000', '\\u202E[MASK]']);
      const names = await v.page.locator('.token').evaluateAll((items) => items.map((e) => e.textContent ?? ''));
      for (const name of names) assert.ok(name.trim() !== '' && !RAW_HIDDEN.test(name), JSON.stringify(name));
      for (let i = 1; i <= 8; i++) {
        await v.page.locator(`#token-${i}`).hover();
        const tip = (await v.page.locator('#token-tip > *').allTextContents()).join(' | ');
        assert.doesNotMatch(tip, RAW_HIDDEN, `tooltip of token ${i}: ${JSON.stringify(tip)}`);
      }
      const labels = await v.page.locator('.matrix-label, .axis-label, [class*="label"]').allTextContents();
      for (const label of labels) assert.doesNotMatch(label, RAW_HIDDEN, JSON.stringify(label));
      await openTab(v, 'Predictions');
      const bars = await v.page.locator('.bar-label').allTextContents();
      assert.ok(bars.length >= 3, JSON.stringify(bars));
      for (const bar of bars) assert.ok(bar.trim() !== '' && !RAW_HIDDEN.test(bar), JSON.stringify(bar));
      const tree = await v.page.locator('body').ariaSnapshot();
      for (const line of tree.split('\n')) assert.doesNotMatch(line, RAW_HIDDEN, `the accessibility tree says ${JSON.stringify(line)}`);
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-hostile-tokens.png'), fullPage: true });
    }));

  it('a file name with U+202E reads as an escape in the panel and side view headings, not reordered', async () => {
    const name = `invoice${RLO}gpj.exe`;
    await withView(session, 'panel', async (v) => {
      await v.analysis({ ...HOSTILE, id: 33, documentName: name, modelId: `m${RLO}x` });
      assert.equal(await v.page.locator('h1').textContent(), 'invoice\\u202Egpj.exe');
      assert.ok((await v.page.locator('.model-line').textContent())!.startsWith('m\\u202Ex · '));
    });
    await withView(session, 'side', async (v) => {
      await v.notify('summary', {
        id: 1,
        document: name,
        model: `m${RLO}x`,
        kind: 'encoder',
        tokens: 3,
        analyzed: { start: 0, end: 9 },
        predictions: [],
        notices: [],
      });
      assert.equal(await v.page.locator('.doc-name').textContent(), 'invoice\\u202Egpj.exe');
      assert.ok((await v.page.locator('.model-line').textContent())!.startsWith('m\\u202Ex · '));
    });
  });

  it("the BERT tab's next-sentence tokens read as escapes, in their text and their native tooltip", () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      assert.ok('result' in NSP);
      const tokens = NSP.result.tokens.map((tok, i) => (i === 2 ? { ...tok, text: `am${RLO}` } : tok));
      await v.notify('bert', bertMessage(1, { nsp: { a: NSP.a, b: NSP.b, result: { ...NSP.result, tokens } } }));
      await openTab(v, 'BERT');
      const shown = await v.page.locator('.bert-token').evaluateAll((items) => items.map((e) => [e.textContent ?? '', e.getAttribute('title') ?? '']));
      assert.deepEqual(shown[2], ['am\\u202E', 'am\\u202E']);
      for (const [text, title] of shown) assert.ok(!RAW_HIDDEN.test(text) && !RAW_HIDDEN.test(title), JSON.stringify([text, title]));
    }));

  it('a 1000-character base64 token and a 5000-character run of "=" stay inside the panel, strip and tooltip', () =>
    withView(session, 'panel', async (v) => {
      const base64 = 'QUJD'.repeat(250);
      const equals = '='.repeat(5000);
      await v.analysis({ ...HOSTILE, id: 32, tokens: [{ text: '[CLS]', special: true }, base64, equals, 'end', { text: '[SEP]', special: true }], masked: [] });
      await v.settle();
      const width = await v.page.evaluate(() => document.documentElement.clientWidth);
      const listWidth = await v.page.locator('.token-list').evaluate((e) => e.clientWidth);
      for (const i of [1, 2]) {
        const box = (await v.page.locator(`#token-${i}`).boundingBox())!;
        assert.ok(box.width <= listWidth, `token ${i} is ${box.width} px wide in a ${listWidth} px strip`);
        const label = (await v.page.locator(`#token-${i}`).textContent()) ?? '';
        assert.ok(label.endsWith('…') && label.length < 200, `token ${i} reads ${label.length} characters`);
        await v.page.locator(`#token-${i}`).hover();
        const tip = (await v.page.locator('#token-tip').boundingBox())!;
        assert.ok(tip.x + tip.width <= width, `tooltip of token ${i} ends at ${tip.x + tip.width} px in a ${width} px page`);
        assert.ok(tip.height < 240, `tooltip of token ${i} is ${tip.height} px tall`);
        const overflow = await v.page.locator('#token-tip').evaluate((e) => [...e.children].some((c) => c.scrollWidth > (c as HTMLElement).clientWidth + 1));
        assert.equal(overflow, false, `no line of token ${i}'s tooltip runs past its box`);
      }
      // A token fits its box and clips nothing; in a strip narrower than its label it is cut with an ellipsis.
      const overflowOf = (i: number): Promise<string> =>
        v.page.locator(`#token-${i}`).evaluate((e) => `${getComputedStyle(e).overflowX} ${getComputedStyle(e).textOverflow}`);
      assert.equal(await overflowOf(1), 'clip clip');
      await v.page.setViewportSize({ width: 360, height: 700 });
      await v.settle();
      const narrow = await v.page.locator('.token-list').evaluate((e) => e.clientWidth);
      assert.ok((await v.page.locator('#token-1').boundingBox())!.width <= narrow, 'the long token stays inside the narrow strip');
      assert.equal(await overflowOf(1), 'hidden ellipsis');
      assert.equal(await overflowOf(3), 'clip clip');
      assert.ok(await v.page.locator('#token-3').evaluate((e) => e.scrollWidth <= e.clientWidth + 1), 'the word "end" fits its box');
      // The matrix's query label of the long token is cut too: clipped, not a scroller (a layer each, in a 512-token window).
      const query = v.page.locator('.axis-query .axis-label').nth(1);
      assert.deepEqual(await query.evaluate((e) => [getComputedStyle(e).overflowX, getComputedStyle(e).textOverflow, e.scrollWidth > e.clientWidth]), [
        'clip',
        'ellipsis',
        true,
      ]);
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-long-tokens.png'), fullPage: true });
    }));
});
