// The side view in headless Chromium: model status, the last analysis' summary, and buttons that
// post the right commands, by mouse and by keyboard.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { ROOT } from './support/server';
import { SUMMARY } from './support/specs';

const session = sharedSession();
after(() => session.close());

const withSide = (test: (v: ViewPage) => Promise<void>): Promise<void> => withView(session, 'side', test, { width: 320, height: 600 });

describe('side view', () => {
  it('says ready, shows status and summary', () =>
    withSide(async (v) => {
      assert.deepEqual(await v.sent('ready'), [{ view: 'side' }]);
      assert.match(await v.page.locator('.summary').innerText(), /No analysis of this file yet/);
      await v.notify('status', { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'loading', detail: 'loading model.onnx', progress: null });
      assert.equal(await v.page.locator('.status progress').evaluate((p) => p.hasAttribute('value')), false, 'indeterminate');
      await v.notify('status', { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'ready', detail: '4 layers × 4 heads', progress: null });
      assert.match(await v.page.locator('.status').innerText(), /tiny-gpt-es-en \(decoder\)\s+Ready\s+4 layers × 4 heads/);
      await v.notify('summary', SUMMARY);
      assert.equal(await v.page.locator('.doc-name').innerText(), 'main.ts');
      assert.match(await v.page.locator('.summary .model-line').innerText(), /tiny-gpt-es-en · decoder · 42 tokens/);
      assert.deepEqual(await v.page.locator('.bar-label').allTextContents(), ['␣return', '␣const', 'newline + 2 spaces']);
      assert.deepEqual(await v.page.locator('.bar-value').allTextContents(), ['62.5%', '25.0%', '0.40%']);
      assert.deepEqual(await v.page.locator('.notice').allTextContents(), [SUMMARY.notices[0]]);
      // What the host sends for an encoder: decoded candidate texts and the position each one fills.
      await v.notify('summary', {
        ...SUMMARY,
        kind: 'encoder',
        predictions: [
          { label: ' bank', p: 0.5, position: 3 },
          { label: 'shore', p: 0.25, position: 3 },
        ],
      });
      assert.deepEqual(await v.page.locator('.bar-label').allTextContents(), ['#3 ␣bank', '#3 shore']);
      await v.notify('summary', null);
      assert.match(await v.page.locator('.summary').innerText(), /No analysis of this file yet/);
      await v.notify('summary', SUMMARY);
      const dir = path.join(ROOT, 'test-results');
      mkdirSync(dir, { recursive: true });
      await v.page.screenshot({ path: path.join(dir, 'webview-side.png') });
    }));

  it('beside an encoder analysis’s summary, the status says that model first, then the decoder Analyze Selection uses', () =>
    withSide(async (v) => {
      // A Mask Word ran the encoder; Analyze Selection uses the decoder, never loaded.
      const idle = { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'idle', detail: 'the next decoder analysis loads it', progress: null };
      await v.notify('status', { ...idle, loaded: ['tiny-bert-es-en'] });
      await v.notify('summary', { ...SUMMARY, model: 'tiny-bert-es-en', kind: 'encoder' });
      const status = async (): Promise<string> => (await v.page.locator('.status').innerText()).replace(/\s+/g, ' ');
      assert.match(await status(), /^Analysis shown: tiny-bert-es-en \(encoder\) Loaded Analyze Selection uses: tiny-gpt-es-en \(decoder\) Not loaded/);
      // A summary of the decoder's own analysis: the line is about one model again.
      await v.notify('summary', SUMMARY);
      assert.match(await status(), /^tiny-gpt-es-en \(decoder\) Not loaded the next decoder analysis loads it$/);
      await v.notify('summary', null);
      assert.doesNotMatch(await status(), /Analysis shown/);
    }));

  it('a closed document’s analysis says the document is closed, as the panel’s header does, and stops saying it when it is shown again', () =>
    withSide(async (v) => {
      await v.notify('summary', { ...SUMMARY, closed: true });
      assert.equal(await v.page.locator('.doc-name').innerText(), 'main.ts (closed)');
      await v.notify('summary', SUMMARY);
      assert.equal(await v.page.locator('.doc-name').innerText(), 'main.ts');
      await v.notify('summary', { ...SUMMARY, closed: 'yes' });
      assert.equal(await v.rejected(), 1, 'a malformed message is refused');
    }));

  it('buttons post commands, by click and by keyboard', () =>
    withSide(async (v) => {
      await v.page.getByRole('button', { name: 'Open panel' }).click();
      await v.page.getByRole('button', { name: 'Select model' }).click();
      await v.page.getByRole('button', { name: 'Open panel' }).focus();
      await v.page.keyboard.press('Tab');
      await v.page.keyboard.press('Enter');
      await v.page.keyboard.press('Tab');
      await v.page.keyboard.press('Space');
      assert.deepEqual(await v.sent('command'), [
        { command: 'showPanel' },
        { command: 'selectModel' },
        { command: 'analyzeSelection' },
        { command: 'selectModel' },
      ]);
    }));

  it('outside the analyzed text says why the spotlight lights nothing, and Analyze here posts Analyze Selection', () =>
    withSide(async (v) => {
      await v.notify('spotlight', { kind: 'outside', document: 'river.md', analyzed: 'lines 3–4' });
      assert.equal(
        await v.page.locator('.spotlight-outside').innerText(),
        'Nothing lights up: the cursor is outside the analyzed text (lines 3–4 of river.md).',
      );
      await v.page.getByRole('button', { name: 'Analyze here' }).click();
      assert.deepEqual(await v.sent('command'), [{ command: 'analyzeSelection' }]);
      await v.notify('spotlight', { kind: 'outside', document: 'notes.md', analyzed: null });
      assert.match(await v.page.locator('.spotlight-outside').innerText(), /notes\.md has no analysis of its current text/);
      await v.notify('spotlight', { kind: 'outside', document: 3, analyzed: null });
      assert.equal(await v.rejected(), 1, 'a malformed message is refused');
    }));

  // Before, a token whose attention row is NaN (a model whose softmax broke) was said to be hidden by the panel's cleaning.
  it('an empty spotlight says why: the cleaning hides the token, or its weights are not numbers', () =>
    withSide(async (v) => {
      const list = { analysisId: 1, token: 'grass', view: 'layer 3, mean of heads', items: [], bands: ['80–100%'] };
      await v.notify('spotlight', { ...list, empty: 'not-numbers' });
      assert.equal(await v.page.locator('.spotlight-list .muted').innerText(), 'Its attention weights are not numbers (NaN or infinite): nothing to light up.');
      await v.notify('spotlight', { ...list, empty: 'hidden' });
      assert.equal(await v.page.locator('.spotlight-list .muted').innerText(), 'The panel’s cleaning hides this token: nothing to light up.');
      await v.notify('spotlight', { ...list, empty: 'because' });
      assert.equal(await v.rejected(), 1, 'an unknown reason is refused');
    }));

  it('the spotlight and the heatmap each have a legend, in their own colours', () =>
    withSide(async (v) => {
      const bands = ['5–20% of the strongest', '20–40%', '40–60%', '60–80%', '80–100%, outlined'];
      await v.notify('spotlight', { analysisId: 1, token: 'grass', view: 'layer 3, mean of heads', items: [{ label: 'newline', weight: 0.3 }], bands });
      await v.notify('legend', { document: 'river.md', bands: ['< 1 bit', '1–2 bits', '2–4 bits', '4–8 bits', '8–12 bits', '≥ 12 bits'] });
      assert.deepEqual(await v.page.locator('.weight-legend .legend-band').allInnerTexts(), bands);
      // An attention weight as the matrix and the hover write it (0 to 1), not a probability's percentage.
      assert.deepEqual(await v.page.locator('.bar-value').allInnerTexts(), ['0.300']);
      assert.equal(await v.page.locator('.band-legend .legend-band').count(), 6);
      const colour = (selector: string): Promise<string> => v.page.locator(selector).evaluate((e) => getComputedStyle(e).backgroundColor);
      const spot = await colour('.swatch.weight-4');
      const hot = await colour('.swatch.band-5');
      const cool = await colour('.swatch.band-0');
      assert.notEqual(spot, hot);
      assert.notEqual(spot, cool);
      assert.match(spot, /rgba\(199, 125, 255/, 'violet');
      const dir = path.join(ROOT, 'test-results');
      mkdirSync(dir, { recursive: true });
      await v.page.screenshot({ path: path.join(dir, 'webview-side-legends.png') });
    }));
});
