// The panel's Representations tab in headless Chromium, on the real page: a senses message shows
// the tab (even before any analysis), paints the cosine matrix one pixel per cell in the panel's
// colour table (a known cell read back), the layer slider moves with the keyboard (the note says
// that layer 0 is the same vector for every occurrence, and stops saying it at layer 1), a click
// or Enter on a projected point posts the reveal of that occurrence, and the word-order
// experiment shows its bag-of-words cosine and posts "shuffle again".
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildLut } from '../../src/protocol/colorScale';
import { cosineIndex } from '../../webview/repr/reprMath';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import { occurrencesAt, postSenses, sensesLayer, sensesMessage, type SensesLayerWire, type SensesWire } from './support/senses';
import { ROOT } from './support/server';
import { postWordOrder, RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

/** Layer 0: all the same vector; layer 1: two senses. Occurrence 0 and 1 at cosine 0.5 there. */
const LAYER1 = [1, 0.5, -0.2, 0.5, 1, 0.1, -0.2, 0.1, 1];

/** A senses message: three occurrences, one vector at layer 0, two senses at layer 1. */
function sensesParams(): SensesWire {
  const nearest = (): SensesLayerWire['nearest'] => [0, 1, 2].map((i) => [{ text: i === 2 ? 'préstamo' : 'río', start: 0, end: 3, cosine: 0.7 }]);
  return sensesMessage({
    id: 7,
    document: 'banco.es.txt',
    lines: [1, 2, 4],
    occurrences: occurrencesAt([3, 40, 90]),
    layers: [
      sensesLayer(
        0,
        Array.from({ length: 9 }, () => 1),
        nearest(),
        { points: [0, 0, 0, 0, 0, 0], clusters: [0, 0, 0] },
      ),
      sensesLayer(1, LAYER1, nearest(), { points: [1, 0, 0.8, 0.1, -1, 0], clusters: [0, 0, 1] }),
    ],
  });
}

/** The canvas pixel of cell (row, column) of the cosine matrix, as [r, g, b]. */
const cell = (v: ViewPage, row: number, column: number): Promise<number[]> =>
  v.page.evaluate(
    ([r, c]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('.repr-senses canvas.repr-matrix');
      const d = canvas?.getContext('2d')?.getImageData(c, r, 1, 1).data;
      return d ? [d[0], d[1], d[2]] : [];
    },
    [row, column],
  );

const expected = (c: number): number[] => {
  const lut = buildLut();
  const i = cosineIndex(c) * 4;
  return [lut[i], lut[i + 1], lut[i + 2]];
};

describe('the Representations tab', () => {
  it('comes forward with word senses before any analysis; layer 0 is one vector, said in words and painted at the top of the scale', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, sensesParams());
      assert.equal(await v.page.getByRole('tab', { name: 'Representations' }).getAttribute('aria-selected'), 'true');
      assert.match((await v.page.locator('.repr-senses h3').first().textContent()) ?? '', /banco.*banco\.es\.txt.*3/);
      assert.equal(await v.page.locator('.repr-readout').textContent(), 'Layer 0 (embeddings)');
      assert.match((await v.page.locator('.repr-senses .repr-note').textContent()) ?? '', /same vector \(cosine 1\.000\)/);
      assert.deepEqual(await cell(v, 0, 2), expected(1));
      assert.deepEqual(expected(1), expected(1.0000001), 'the scale clamps');
      assert.notDeepEqual(expected(1), expected(0.5));
      // The static row's neighbours: model text, set as text.
      assert.match((await v.page.locator('.repr-static').textContent()) ?? '', /bancos/);
    }));

  it('a nearest token or neighbour holding U+202E reads as an escape, not reordering its row', () =>
    withView(session, 'panel', async (v) => {
      const params = sensesParams();
      const { result } = params;
      for (const l of result.layers) for (const row of l.nearest) row[0].text = 'r\u202Eío';
      result.static[0].neighbours[0].token = 'ban\u202Ecos';
      await postSenses(v, params);
      const context = (await v.page.locator('.repr-senses table').textContent()) ?? '';
      assert.match(context, /r\\u202Eío/);
      assert.match((await v.page.locator('.repr-static').textContent()) ?? '', /ban\\u202Ecos/);
      assert.ok(!/\u202E/.test(context + ((await v.page.locator('.repr-static').textContent()) ?? '')), 'no raw U+202E');
    }));

  it('names its two figures on screen, and keys the cosine matrix’s colours to the scale −1 … 1', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, sensesParams());
      assert.deepEqual(await v.page.locator('.repr-senses figcaption').allInnerTexts(), [
        'Cosine similarity of the occurrences',
        'Occurrences on the first two principal components',
      ]);
      const key = v.page.locator('.repr-senses figure .legend');
      assert.equal(await key.locator('canvas.legend-ramp').count(), 1, 'the colour ramp');
      assert.equal(await key.innerText(), '\u22121.000 … 1.000');
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-repr-senses.png'), fullPage: true });
    }));

  it('the cosine matrix reads its cells from the keyboard as well as under the pointer', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, sensesParams());
      const matrix = v.page.locator('.repr-senses canvas.repr-matrix');
      await v.page.locator('.repr-layer').focus();
      await v.page.keyboard.press('Tab');
      assert.equal(await matrix.evaluate((m) => m === document.activeElement), true, 'one Tab from the slider');
      const hover = v.page.locator('.repr-senses .repr-hover');
      assert.equal(await hover.getAttribute('aria-live'), 'polite', 'read aloud as it changes');
      assert.match(await hover.innerText(), /^Occurrence 1 \(line \d+\) × occurrence 1 /, 'focus reads the first cell');
      await v.page.keyboard.press('ArrowRight');
      assert.match(await hover.innerText(), /^Occurrence 1 \(line \d+\) × occurrence 2 \(line \d+\): cosine 1\.000$/);
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowDown');
      assert.match(await hover.innerText(), /^Occurrence 3 .* × occurrence 2 /, 'the cursor stops at the last row');
    }));

  it('a cosine near zero reads 0.000 on either side of it, as cosines do, not with a weight’s significant digits', () =>
    withView(session, 'panel', async (v) => {
      const params = sensesParams();
      const { result } = params;
      result.static[0].neighbours = [
        { id: 12, token: 'bancos', cosine: 0.00021 },
        { id: 13, token: 'banca', cosine: -0.00021 },
      ];
      for (const l of result.layers) l.nearest[0][0].cosine = 0.00034;
      await postSenses(v, params);
      assert.deepEqual(await v.page.locator('.repr-static .repr-num').allInnerTexts(), ['0.000', '0.000']);
      assert.match((await v.page.locator('.repr-senses table').textContent()) ?? '', /río 0\.000/);
    }));

  it('the slider moves with the keyboard: at layer 1 the cells are the layer’s cosines and the note changes', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, sensesParams());
      await v.page.locator('input.repr-layer').focus();
      await v.page.keyboard.press('ArrowRight');
      await v.settle();
      assert.equal(await v.page.locator('.repr-readout').textContent(), 'Layer 1');
      assert.deepEqual(await cell(v, 0, 1), expected(0.5));
      assert.deepEqual(await cell(v, 1, 0), expected(0.5));
      assert.deepEqual(await cell(v, 0, 2), expected(-0.2));
      assert.match((await v.page.locator('.repr-senses .repr-note').textContent()) ?? '', /Layer 1: mean cosine 0\.133/);
      await v.page.keyboard.press('ArrowLeft');
      await v.settle();
      assert.equal(await v.page.locator('.repr-readout').textContent(), 'Layer 0 (embeddings)');
    }));

  it('occurrences in the same sentence read cosine 1.000 at layer 1: not said to differ, nor drawn apart', () =>
    withView(session, 'panel', async (v) => {
      // The same sentence twice: only the position tells them apart (cosine 0.99953, the embedded encoder's figure).
      const p = sensesParams();
      const close = [1, 0.99953, 0.99961, 0.99953, 1, 0.99958, 0.99961, 0.99958, 1];
      const { layers } = p.result;
      layers[1] = { ...layers[1], cosine: close, projection: { ...layers[1].projection, points: [0.01, 0, -0.01, 0.002, 0, -0.002] } };
      await postSenses(v, p);
      await v.page.locator('input.repr-layer').focus();
      await v.page.keyboard.press('ArrowRight');
      await v.settle();
      const note = (await v.page.locator('.repr-senses .repr-note').textContent()) ?? '';
      assert.doesNotMatch(note, /made them differ/, note);
      assert.match(note, /Layer 1: every cosine reads 1\.000 between occurrences; their contexts do not tell them apart here\./);
      const spots = await v.page.locator('.repr-point').evaluateAll((b) => b.map((x) => `${(x as HTMLElement).style.left} ${(x as HTMLElement).style.top}`));
      assert.equal(new Set(spots).size, 1, `one place for one vector: ${spots.join(' | ')}`);
    }));

  it('a click or Enter on a point posts the reveal of its occurrence and selects it for static vs contextual', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, sensesParams());
      await v.page.locator('input.repr-layer').focus();
      await v.page.keyboard.press('ArrowRight');
      await v.settle();
      const points = v.page.locator('.repr-plot .repr-point');
      assert.equal(await points.count(), 3);
      await points.nth(2).click();
      await v.settle();
      assert.deepEqual(await v.sent('revealOccurrence'), [{ sensesId: 7, occurrence: 2 }]);
      assert.match((await v.page.locator('.repr-context').textContent()) ?? '', /Occurrence 3 \(line 4\).*préstamo/);
      await v.page.locator('.repr-plot .repr-point').nth(1).focus();
      await v.page.keyboard.press('Enter');
      await v.settle();
      assert.deepEqual((await v.sent('revealOccurrence')).at(-1), { sensesId: 7, occurrence: 1 });
    }));

  for (const locale of ['en', 'es'] as const)
    it(`Enter on a point keeps the keyboard focus on it (the plot is drawn again around it) (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await postSenses(v, sensesParams());
          await v.page.locator('.repr-plot .repr-point').nth(1).focus();
          await v.page.keyboard.press('Enter');
          await v.settle();
          assert.deepEqual((await v.sent('revealOccurrence')).at(-1), { sensesId: 7, occurrence: 1 });
          const focused = (): Promise<string | null> =>
            v.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.occurrence ?? document.activeElement?.tagName ?? null);
          assert.equal(await focused(), '1', 'not the page’s body');
          // The arrows and Tab go on from there: the next point.
          await v.page.keyboard.press('Tab');
          assert.equal(await focused(), '2');
        },
        { locale },
      ));

  it('occurrences from several files name their file with the line; a click still posts the reveal of that occurrence', () =>
    withView(session, 'panel', async (v) => {
      const params = sensesParams();
      const occurrences = params.result.occurrences.map((o, i) => ({ ...o, source: i === 2 ? 1 : 0 }));
      await postSenses(v, { ...params, document: '2 files', files: ['river.txt', 'money.txt'], result: { ...params.result, occurrences } });
      assert.match((await v.page.locator('.repr-senses h3').first().textContent()) ?? '', /banco.*2 files/);
      const points = v.page.locator('.repr-plot .repr-point');
      assert.match((await points.nth(2).getAttribute('aria-label')) ?? '', /^Occurrence 3, line money\.txt:4,/);
      assert.match((await points.nth(0).getAttribute('aria-label')) ?? '', /^Occurrence 1, line river\.txt:1,/);
      await points.nth(2).click();
      await v.settle();
      assert.deepEqual(await v.sent('revealOccurrence'), [{ sensesId: 7, occurrence: 2 }]);
      assert.match((await v.page.locator('.repr-context').textContent()) ?? '', /Occurrence 3 \(line money\.txt:4\)/);
    }));

  it('before either command, each of its two sections has its heading over what starts it', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Representations');
      const tab = v.page.locator('.repr-tab');
      assert.deepEqual(await tab.locator('h3:visible').allInnerTexts(), ['Word senses', 'Word order']);
      assert.match(
        await tab.locator('section').first().innerText(),
        /^Word senses\s+Put the cursor on a word and run Attention Lens: Compare Word Senses at Cursor\.$/,
      );
      // Once senses arrive, their own title takes the section's place.
      await postSenses(v, sensesParams());
      assert.equal(await tab.getByRole('heading', { name: 'Word senses', exact: true }).count(), 0);
    }));

  it('the word-order experiment shows the bag-of-words cosine and asks for another shuffle', () =>
    withView(session, 'panel', async (v) => {
      await postWordOrder(v, 3);
      assert.match((await v.page.locator('.repr-bag').textContent()) ?? '', /cosine 1\.000/);
      assert.match((await v.page.locator('.repr-order').textContent()) ?? '', /mean last-layer vector cosine 0\.930/);
      assert.equal(await v.page.locator('.repr-order canvas.repr-matrix').count(), 2);
      await v.page.getByRole('button', { name: 'Shuffle again' }).click();
      await v.settle();
      assert.deepEqual(await v.sent('shuffleAgain'), [{ wordOrderId: 3 }]);
    }));

  it('a hostile word, file name and model name read as escapes in the senses title', () =>
    withView(session, 'panel', async (v) => {
      const params = sensesParams();
      await postSenses(v, { ...params, document: 'b\u202Etxt.exe', result: { ...params.result, word: 'ban\u200Bco', model: 'm\u2066x' } });
      const title = (await v.page.locator('.repr-senses h3').first().textContent()) ?? '';
      assert.ok(title.includes('ban\\u200Bco') && title.includes('b\\u202Etxt.exe') && title.includes('m\\u2066x'), title);
      assert.doesNotMatch(title, /[\p{Cc}\p{Cf}]/u);
    }));

  it('a malformed senses message is rejected (a cosine matrix of the wrong size)', () =>
    withView(session, 'panel', async (v) => {
      const bad = sensesParams();
      bad.result.layers[1].cosine = [1, 0.5, 0.5, 1];
      await postSenses(v, bad);
      assert.equal(await v.rejected(), 1);
      assert.equal(await v.page.locator('.repr-senses').isVisible(), false);
    }));
});
