// Hostile document text in the panel's passages (headless Chromium): the BERT tab's sentences A and
// B, the word-order experiment's two texts and its masked word, and the next-word preview's text and
// steps. Bidi controls and zero-width characters read as visible escapes (\u202E), never raw (where
// they would reorder or blank the text around them); lines keep their breaks; a 4000-character line
// wraps inside the panel; a step's 10k-character token is cut with "…". Saves a screenshot for people to look at.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { MAX_SENTENCE } from '../../src/protocol/bert';
import { ROOT } from './support/server';
import { BANK_GUESS, bertMessage, CODE, NSP, postWordOrder, PREVIEW, RIVER, scaleMessage, TUNE, WORD_ORDER } from './support/specs';

const session = sharedSession();
after(() => session.close());

/** Characters that must never reach the page raw from a document: controls but the line break, format characters, separators. */
const RAW_HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}](?<!\n)/u;
const RLO = '\u202E';
const BIDI = `invoice${RLO}gpj.exe \u2066x\u2069 zero\u200Bwidth\uFEFF`;
/** A line as long as the host lets a sentence be (bert.ts's MAX_SENTENCE): no space to break it at. */
const LONG = 'w'.repeat(MAX_SENTENCE);

/** Each element's text has no raw hidden character, and none is wider than the page. */
async function assertContained(v: ViewPage, selector: string): Promise<string[]> {
  const width = await v.page.evaluate(() => document.documentElement.clientWidth);
  const items = v.page.locator(selector);
  const texts = await items.allTextContents();
  assert.ok(texts.length > 0, `nothing matches ${selector}`);
  for (const text of texts) assert.ok(!RAW_HIDDEN.test(text), `${selector}: ${JSON.stringify(text.slice(0, 80))}`);
  for (let i = 0; i < texts.length; i++) {
    const box = (await items.nth(i).boundingBox())!;
    assert.ok(box.x + box.width <= width + 1, `${selector} #${i} ends at ${box.x + box.width} px in a ${width} px page`);
    const overflow = await items.nth(i).evaluate((e) => e.scrollWidth > e.clientWidth + 1);
    assert.equal(overflow, false, `${selector} #${i} runs past its own box`);
  }
  return texts;
}

describe('hostile document text in the panel passages', () => {
  it("the BERT tab's sentences A and B read bidi and zero-width characters as escapes and keep a long line inside", () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      assert.ok('result' in NSP);
      await v.notify('bert', bertMessage(1, { nsp: { a: BIDI, b: LONG, result: NSP.result } }));
      await openTab(v, 'BERT');
      const [a, b] = await assertContained(v, '.bert-pair dd');
      assert.equal(a, 'invoice\\u202Egpj.exe \\u2066x\\u2069 zero\\u200Bwidth\\uFEFF');
      assert.equal(b, LONG);
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-hostile-sentences.png'), fullPage: true });
    }));

  it('the word-order texts and the masked word read as escapes, a long line wraps inside its side', () =>
    withView(session, 'panel', async (v) => {
      const side = (text: string): typeof WORD_ORDER.original => ({ ...WORD_ORDER.original, text });
      await postWordOrder(v, 3, { result: { ...WORD_ORDER, original: side(BIDI), shuffled: side(`${LONG} el`), masked: `r${RLO}ío` } });
      const [original] = await assertContained(v, '.repr-text');
      assert.equal(original, 'invoice\\u202Egpj.exe \\u2066x\\u2069 zero\\u200Bwidth\\uFEFF');
      for (const heading of await v.page.locator('.repr-order h4').allTextContents()) assert.ok(!RAW_HIDDEN.test(heading), JSON.stringify(heading));
      assert.match((await v.page.locator('.repr-order').textContent()) ?? '', /r\\u202Eío/);
    }));

  it("the next-word preview keeps its lines, shows hidden characters as escapes and keeps a 4000-character line and a step's 10k token inside", () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      const steps = [
        { analysisId: 20, token: ` a${RLO}b\u200B`, p: 0.6 },
        { analysisId: 21, token: 'x'.repeat(10_000), p: 0.3 },
      ];
      await v.notify('preview', { ...PREVIEW, text: `${BIDI}\n${LONG}\n41,2\u00A0% «\u00A0sí\u00A0»`, steps });
      const [text] = await assertContained(v, '.preview-text');
      const lines = text.split('\n');
      assert.equal(lines[0], 'invoice\\u202Egpj.exe \\u2066x\\u2069 zero\\u200Bwidth\\uFEFF');
      assert.deepEqual(lines.slice(1), [LONG, '41,2\u00A0% «\u00A0sí\u00A0»'], 'the preview keeps its line breaks, its long line and its no-break spaces');
      const labels = await assertContained(v, '.steps .step');
      assert.equal(labels[1], '1.  a\\u202Eb\\u200B (60.0%)');
      assert.ok(labels[2].length < 200, `the long step reads ${labels[2].length} characters`);
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-hostile-preview.png'), fullPage: true });
    }));

  it("the model status line reads a hostile model name and the engine's error text as escapes, in the panel and the side view", async () => {
    const status = {
      model: `/tmp/m${RLO}gpj.exe`,
      kind: 'encoder',
      state: 'error',
      detail: `config.json's model_type "\u001b[31m${RLO}x\u200B"\nsecond line ${'y'.repeat(3000)}`,
      progress: null,
    };
    for (const view of ['panel', 'side'] as const) {
      await withView(session, view, async (v) => {
        await v.notify('status', status);
        const [line] = await assertContained(v, '.status');
        assert.ok(line.includes('/tmp/m\\u202Egpj.exe'), `${view}: ${line.slice(0, 120)}`);
        assert.ok(line.includes('\\x1B[31m\\u202Ex\\u200B'), `${view}: ${line.slice(0, 200)}`);
      });
    }
  });

  it("the side view's scale names a hostile model as an escape", () =>
    withView(session, 'side', async (v) => {
      const message = scaleMessage(512);
      await v.notify('scale', { ...message, scale: { ...message.scale, model: `tiny${RLO}bert` } });
      const [exact] = await assertContained(v, '.scale-exact');
      assert.match(exact, /^tiny\\u202Ebert: /);
      const names = await v.page.locator('.scale-name').allTextContents();
      assert.equal(names[0], 'tiny\\u202Ebert');
    }));

  it("the comparison's headings read the document's word as an escape", () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await v.comparison(RIVER, CODE, { ...BANK_GUESS, word: `ba${RLO}nk\u200B` });
      await v.page.getByRole('heading', { name: 'Encoder beside decoder' }).waitFor();
      const headings = await v.page.locator('.compare h3').allTextContents();
      const named = headings.filter((h) => h.includes('“'));
      assert.ok(named.length >= 2, JSON.stringify(headings));
      for (const h of named) assert.ok(h.includes('ba\\u202Enk\\u200B') && !RAW_HIDDEN.test(h), JSON.stringify(h));
    }));

  it("the BERT tab's fine-tuning labels and file name read as escapes (a label comes from a command's argument)", () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      const labels = [`po${RLO}s`, 'ne\u200Bg'];
      const perClass = TUNE.result.perClass.map((c, i) => ({ ...c, label: labels[i] }));
      await v.notify('bert', bertMessage(1, { fineTune: { ...TUNE, document: `l${RLO}txt`, result: { ...TUNE.result, labels, perClass } } }));
      await openTab(v, 'BERT');
      const text = (await v.page.locator('.bert-classes, .bert-confusion').allTextContents()).join(' | ');
      assert.ok(text.includes('po\\u202Es') && text.includes('ne\\u200Bg') && !RAW_HIDDEN.test(text), JSON.stringify(text));
      const section = (await v.page.locator('.bert-verdict').allTextContents()).join(' | ');
      assert.ok(!RAW_HIDDEN.test(section), JSON.stringify(section));
    }));

  it('notices quoting a model folder read as escapes in the panel and the side view', async () => {
    const notice = `/m/x${RLO}gpj has no q8 weights; ran onnx/model.onnx (fp32) instead \u001b[2J ${'n'.repeat(2000)}`;
    await withView(session, 'panel', async (v) => {
      await v.analysis({ ...RIVER, id: 41, notices: [notice] });
      const [text] = await assertContained(v, '.notice');
      assert.ok(text.includes('/m/x\\u202Egpj') && text.includes('\\x1B[2J'), text.slice(0, 120));
    });
    await withView(session, 'side', async (v) => {
      await v.notify('summary', {
        id: 1,
        document: 'a.txt',
        model: 'm',
        kind: 'encoder',
        tokens: 3,
        analyzed: { start: 0, end: 9 },
        predictions: [],
        notices: [notice],
      });
      const [text] = await assertContained(v, '.notice');
      assert.ok(text.includes('/m/x\\u202Egpj'), text.slice(0, 120));
    });
  });

  it("the side view's spotlight and legends read the document's token, words and file name as escapes", () =>
    withView(session, 'side', async (v) => {
      const bands = ['5–20%', '20–40%', '40–60%', '60–80%', '80–100%'];
      const name = `r${RLO}dm.exe`;
      await v.notify('spotlight', { analysisId: 1, token: `gr${RLO}ass`, view: 'layer 3', items: [{ label: `ba\u200Bnk`, weight: 0.3 }], bands });
      await v.notify('legend', { document: name, bands: ['< 1 bit', '1–2 bits'] });
      await v.notify('settling', { document: name, bands: ['layer 1', 'layer 2'] });
      const text = (await v.page.locator('body').textContent()) ?? '';
      assert.ok(!RAW_HIDDEN.test(text), JSON.stringify(text.slice(0, 300)));
      for (const shown of ['gr\\u202Eass', 'ba\\u200Bnk', 'r\\u202Edm.exe']) assert.ok(text.includes(shown), `${shown} in ${text.slice(0, 300)}`);
      await v.notify('spotlight', { kind: 'outside', document: name, analyzed: null });
      assert.ok(!RAW_HIDDEN.test((await v.page.locator('.spotlight-outside').textContent()) ?? ''));
    }));
});
