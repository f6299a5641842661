// One truth per number, in headless Chromium on the real panel: the next-token candidates are one
// list whose values at T = 1 with every candidate kept are the model's probabilities; the header
// describes the analysis shown and the status line says it is about the engine; a readout of one
// analysis does not survive into the next; the empty state says one thing.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { showHeldBack } from './support/heldBack';
import { CODE, RIVER } from './support/specs';
import { ROOT } from './support/server';

const session = sharedSession();
after(() => session.close());
const withPanel = (test: (v: ViewPage) => Promise<void>): Promise<void> => withView(session, 'panel', test);

/** A decoder whose ten candidates hold 70 % of the vocabulary, as a tiny model's top ten might. */
const TEN = {
  ...CODE,
  id: 40,
  next: (['↵', 'ity', 'ify', 'ed', 's', 'ing', 'er', 'al', 'ly', 'es'] as const).map(
    (token, i) => [token, [0.3, 0.12, 0.08, 0.06, 0.04, 0.035, 0.025, 0.02, 0.015, 0.005][i]] as [string, number],
  ),
};
/** Opaque pixels of the canvas `selector` (0 when there is none). */
const opaquePixels = (v: ViewPage, selector: string): Promise<number> =>
  v.page.evaluate((s) => {
    const canvas = document.querySelector<HTMLCanvasElement>(s);
    const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let n = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
    return n;
  }, selector);

const percent = (p: number): string => `${(p * 100).toFixed(p >= 0.01 ? 1 : 2)}%`;

describe('one truth per number', () => {
  it('the next tokens are one list: at T = 1 with every candidate kept, the model’s probabilities', () =>
    withPanel(async (v) => {
      await v.analysis(TEN);
      await openTab(v, 'Predictions');
      // Every candidate is listed once on the page, whatever section shows it.
      const lists = v.page.locator('ol.bars', { has: v.page.locator('.bar-label', { hasText: /^ity$/ }) });
      assert.equal(await lists.count(), 1, 'one list of next-token candidates');
      const values = await lists.first().locator('.bar-value').allInnerTexts();
      const labels = await lists.first().locator('.bar-label').allInnerTexts();
      const expected = TEN.next.map(([, p]) => percent(p));
      assert.deepEqual(values.slice(0, 10), expected, 'the model’s probabilities, not renormalised over the candidates');
      assert.deepEqual(labels.slice(10), ['the rest of the vocabulary']);
      assert.deepEqual(values.slice(10), ['30.0%']);
      assert.equal(await v.page.locator('#nw-temperature').inputValue(), '1');
      assert.equal(await v.page.locator('#nw-topk').inputValue(), '0', 'every candidate kept');
      assert.equal(await v.page.locator('#nw-topp').inputValue(), '1');
    }));

  it('the header describes the analysis shown; the status line says it is the engine’s, and its last run', () =>
    withPanel(async (v) => {
      await v.analysis(CODE);
      // The engine last ran the encoder (a comparison's other side, a Mask Word) on another text.
      await v.notify('status', {
        model: 'tiny-bert-es-en',
        kind: 'encoder',
        state: 'ready',
        detail: '4 layers × 4 heads · fp32 · 46 tokens in 120 ms',
        progress: null,
      });
      assert.equal(await v.page.locator('.panel-header .model-line').innerText(), 'tiny-gpt-es-en · decoder · 2 layers × 2 heads · 6 tokens');
      const status = (await v.page.locator('.panel-header .status').innerText()).replace(/\s+/g, ' ');
      assert.match(status, /^Engine\b/, 'the line names what it is about');
      assert.match(status, /last run: 4 layers × 4 heads · fp32 · 46 tokens in 120 ms/, 'its token count reads as the last run’s');
    }));

  it('beside an analysis of the other kind, the engine line at rest says its model is the one Analyze Selection uses', () =>
    withPanel(async (v) => {
      // A course unit analyzed with the encoder; Analyze Selection uses the decoder, never loaded.
      await v.notify('status', { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'idle', detail: 'the next decoder analysis loads it', progress: null });
      await v.analysis(RIVER);
      const status = async (): Promise<string> => (await v.page.locator('.panel-header .status').innerText()).replace(/\s+/g, ' ');
      assert.match(await status(), /Analyze Selection uses: tiny-gpt-es-en \(decoder\)/);
      // First what concerns the analysis shown: its model, and whether the engine holds it (not known here: nothing said); "Not loaded" comes after, with the decoder.
      assert.match(await status(), /^Engine Analysis shown: tiny-bert-es-en \(encoder\) Analyze Selection uses: tiny-gpt-es-en \(decoder\) Not loaded/);
      await v.notify('status', {
        model: 'tiny-gpt-es-en',
        kind: 'decoder',
        state: 'idle',
        detail: 'the next decoder analysis loads it',
        progress: null,
        loaded: ['tiny-bert-es-en'],
      });
      assert.match(await status(), /^Engine Analysis shown: tiny-bert-es-en \(encoder\) Loaded Analyze Selection uses: tiny-gpt-es-en \(decoder\) Not loaded/);
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await v.page.locator('.panel-header').screenshot({ path: path.join(ROOT, 'test-results', 'webview-header-other-model.png') });
      await v.notify('status', {
        model: 'tiny-gpt-es-en',
        kind: 'decoder',
        state: 'idle',
        detail: 'the next decoder analysis loads it',
        progress: null,
        loaded: [],
      });
      assert.match(await status(), /Analysis shown: tiny-bert-es-en \(encoder\) No longer loaded Analyze/);
      // The same kind as the analysis shown: the line names the model alone.
      await v.analysis(CODE);
      assert.doesNotMatch(await status(), /Analyze Selection uses/);
      assert.doesNotMatch(await status(), /Analysis shown/, 'the status is the shown analysis’s model: said once');
      assert.match(await status(), /tiny-gpt-es-en \(decoder\)/);
    }));

  it('while the next analysis’s matrix is on its way, the last one’s cells are not under its labels', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      assert.ok((await opaquePixels(v, '.matrix-canvas')) > 0, 'the first analysis is drawn');
      // The engine is busy (a word search, a slow model): the next analysis's matrix waits.
      await showHeldBack(v, 'matrix', CODE, async () => {
        assert.equal(await opaquePixels(v, '.matrix-canvas'), 0, 'no cells of the last analysis under the new labels');
      });
      assert.ok((await opaquePixels(v, '.matrix-canvas')) > 0, 'the new analysis is drawn when its reply comes');
      assert.ok((await opaquePixels(v, '.matrix-overlay')) > 0, 'with its causal mask');
    }));

  it('while the next analysis’s thumbnails are on their way, the model view shows none of the last one’s', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Model');
      assert.ok((await opaquePixels(v, '.model-canvas')) > 0, 'the first analysis’s thumbnails are drawn');
      await showHeldBack(v, 'thumbnails', CODE, async () => {
        assert.equal(await opaquePixels(v, '.model-canvas'), 0, 'no thumbnail of the last analysis in the new one’s grid');
      });
      assert.ok((await opaquePixels(v, '.model-canvas')) > 0, 'the new analysis’s thumbnails are drawn when they come');
    }));

  it('a readout of one analysis does not survive into the next', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Heads');
      await v.page.locator('.head-stage').focus();
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowDown');
      assert.match(await v.page.getByTestId('head-readout').innerText(), /^On \(#1\) attends to/);
      await openTab(v, 'Model');
      const box = await v.page.locator('.model-grid').boundingBox();
      assert.ok(box);
      const side = Number(await v.page.locator('.model-grid').getAttribute('data-side'));
      await v.page.mouse.move(box.x + 26 + side / 2, box.y + 26 + side / 2);
      assert.match(await v.page.getByTestId('model-readout').innerText(), /^Layer 0, head 0:/);
      await openTab(v, 'Heads');
      // Another document's analysis: nothing above may still speak of "On".
      await v.analysis({ ...CODE, id: 41, documentName: 'other.ts' });
      assert.equal(await v.page.getByTestId('head-readout').innerText(), 'Point at a token to see only its lines.');
      assert.equal(await v.page.getByTestId('model-readout').innerText(), 'Rows are layers, columns heads. Point at a head to read its summary numbers.');
      assert.equal(await v.page.getByTestId('matrix-readout').innerText(), 'Point at a cell (or focus the matrix and use the arrow keys) to read its value.');
      assert.equal(await v.page.locator('#token-tip').isHidden(), true);
      assert.deepEqual(await v.page.locator('.notice').allInnerTexts(), [], 'the last analysis’s notices went with it');
    }));

  it('the empty state says one thing, and goes when an analysis comes', () =>
    withPanel(async (v) => {
      await v.notify('status', { model: 'tiny-gpt-es-en', kind: 'decoder', state: 'idle', detail: 'the next analysis loads it', progress: null });
      const visible = async (selector: string): Promise<string[]> =>
        v.page.locator(selector).evaluateAll((nodes) => nodes.filter((n) => (n as HTMLElement).offsetParent !== null).map((n) => (n as HTMLElement).innerText));
      assert.deepEqual(await visible('.empty p'), ['Select text and run Attention Lens: Analyze Selection.']);
      assert.deepEqual(await visible('.notice, .panel-alert, [role="tablist"], .token-list'), [], 'no notice, alert, tab or token strip before an analysis');
      await v.analysis(RIVER);
      assert.deepEqual(await visible('.empty'), []);
    }));
});
