// The panel in headless Chromium, loaded from the very page webviewHtml() makes, its view requests
// answered in Node by serveView over the analysis's full tensors (as the worker would): tokens,
// the matrix view's pixels and hit-testing, pickers, reveal/selection messages, the keyboard,
// cursor sync, saved state, a decoder's mask, both stages side by side, 512 tokens with a
// downsampled window, and a screenshot for people to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { NO_CLEANING } from '../../src/protocol/views';
import { buildLut, colorOf } from '../../src/protocol/colorScale';
import { openTab, sharedSession, type ViewOptions, type ViewPage, withView } from './support/browser';
import type { LensWindow } from './support/pageHarness';
import { ROOT } from './support/server';
import { CODE, large, RIVER, RIVER_L0H0 } from './support/specs';

const LUT = buildLut();
const T = 6;

const session = sharedSession();
after(() => session.close());

const withPanel = (test: (v: ViewPage) => Promise<void>, options: ViewOptions = {}): Promise<void> => withView(session, 'panel', test, options);

/** RGB of the canvas pixel for (query, key) of a stage: at full resolution the canvas holds one pixel per cell. */
function pixel(v: ViewPage, query: number, key: number, stage: 'probs' | 'scores' = 'probs'): Promise<number[]> {
  return v.page.evaluate(
    ([q, k, s]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`.matrix-canvas[data-stage="${s}"]`);
      const data = canvas?.getContext('2d')?.getImageData(k as number, q as number, 1, 1).data;
      return data ? [data[0], data[1], data[2]] : [];
    },
    [query, key, stage] as const,
  );
}

const texts = (v: ViewPage, selector: string): Promise<string[]> => v.page.locator(selector).allTextContents();

const readout = (v: ViewPage): Promise<string> => v.page.getByTestId('matrix-readout').innerText();

async function pointAt(v: ViewPage, query: number, key: number, count = T, stage = 'probs'): Promise<void> {
  const box = await v.page.locator(`.matrix-plot[data-stage="${stage}"]`).boundingBox();
  assert.ok(box);
  await v.page.mouse.move(box.x + ((key + 0.5) * box.width) / count, box.y + ((query + 0.5) * box.height) / count);
}

describe('panel', () => {
  it('shows the empty state until an analysis arrives, and its button asks for one', () =>
    withPanel(async (v) => {
      assert.deepEqual(await v.sent('ready'), [{ view: 'panel' }]);
      await v.page.getByText('Select text and run Attention Lens: Analyze Selection').waitFor();
      await v.page.getByRole('button', { name: 'Analyze selection' }).click();
      assert.deepEqual(await v.sent('command'), [{ command: 'analyzeSelection' }]);
    }));

  it('shows the model status: loading with progress, ready, error', () =>
    withPanel(async (v) => {
      await v.notify('status', { model: 'tiny-bert-es-en', kind: 'encoder', state: 'loading', detail: 'downloading model.onnx 40%', progress: 0.4 });
      assert.equal(await v.page.locator('.status').getAttribute('data-state'), 'loading');
      assert.equal(await v.page.locator('.status progress').evaluate((p) => (p as HTMLProgressElement).value), 0.4);
      assert.match(await v.page.locator('.status').innerText(), /tiny-bert-es-en \(encoder\)\s+Loading\s+downloading model\.onnx 40%/);
      await v.notify('status', { model: 'tiny-bert-es-en', kind: 'encoder', state: 'error', detail: 'model folder is missing config.json', progress: null });
      assert.equal(await v.page.locator('.status progress').count(), 0);
      assert.match(await v.page.locator('.status').innerText(), /Error.*missing config\.json/s);
    }));

  it('renders an analysis: header, tokens in order, matrix colours, hit-testing, predictions', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      assert.deepEqual(await v.sent('rendered'), [{ analysisId: 7, tokens: 6 }]);
      assert.equal(await v.page.locator('h1').innerText(), 'river.txt');
      assert.match(await v.page.locator('.model-line').innerText(), /tiny-bert-es-en · encoder · 2 layers × 2 heads · 6 tokens/);
      assert.deepEqual(await texts(v, '.notice'), [RIVER.notices?.[0]]);
      assert.deepEqual(await texts(v, '.token'), ['[CLS]', 'On', '␣the', '␣river', '␣bank', '[SEP]']);
      assert.deepEqual(await v.page.locator('.token.special').evaluateAll((els) => els.map((e) => e.id)), ['token-0', 'token-5']);
      assert.deepEqual(await v.page.locator('.token.masked').evaluateAll((els) => els.map((e) => e.id)), ['token-4']);

      // The view asked for layer 0, head 0, the whole 6 × 6 window, and got it at full resolution.
      const matrix = (await v.requests()).filter((r) => r.method === 'matrix').map((r) => r.params as Record<string, unknown>);
      assert.deepEqual(
        matrix.map((m) => [m.key, m.layer, m.combine, m.stage, m.rows, m.cols]),
        [[7, 0, { kind: 'head', head: 0 }, 'probs', { start: 0, count: 6 }, { start: 0, count: 6 }]],
      );
      assert.deepEqual(await v.page.locator('.matrix-canvas').evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [T, T]);
      for (const [q, k] of [
        [0, 0],
        [1, 0],
        [2, 2],
        [3, 2],
        [3, 3],
        [4, 1],
        [4, 3],
        [5, 4],
        [0, 5],
      ]) {
        assert.deepEqual(await pixel(v, q, k), [...colorOf(LUT, RIVER_L0H0[q * T + k], 1)], `cell ${q},${k}`);
      }
      // The pointer over the middle of (query 3, key 2) reads that cell; the corner reads (0, 5).
      await pointAt(v, 3, 2);
      assert.equal(await readout(v), '␣river (#3) → ␣the (#2): 0.250');
      const box = await v.page.locator('.matrix-plot').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + box.width - 1, box.y + 1);
      assert.equal(await readout(v), '[CLS] (#0) → [SEP] (#5): 0.000');
      // The crosshair marks the cell's row and column.
      const [h, w] = await Promise.all([v.page.locator('.crosshair-h').boundingBox(), v.page.locator('.crosshair-v').boundingBox()]);
      assert.ok(h && w);
      assert.equal(Math.round(h.y - box.y), 0);
      assert.equal(Math.round(w.x - box.x), Math.round((5 * box.width) / T));

      // The fillers are the model's probabilities; what they leave of the vocabulary is one more row.
      assert.deepEqual(await texts(v, '.predictions .bar-label'), ['␣bank', '␣side', '␣edge', '␣shore', 'the rest of the vocabulary']);
      assert.deepEqual(await texts(v, '.predictions .bar-value'), ['41.2%', '20.0%', '0.040%', '0.0010%', '38.8%']);
    }));

  it('layer, head and combination pickers redraw the matrix and tell the host', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.selectOption('#head-picker', '1');
      await v.settle();
      assert.deepEqual(await pixel(v, 2, 2), [...colorOf(LUT, 1, 1)]);
      assert.deepEqual(await pixel(v, 2, 1), [...colorOf(LUT, 0, 1)]);
      await v.page.selectOption('#layer-picker', '1');
      await v.page.selectOption('#combine-picker', 'mean');
      await v.settle();
      // Layer 1 is uniform (1/6 everywhere): the whole matrix is at the scale's top.
      assert.deepEqual(await pixel(v, 4, 0), [...colorOf(LUT, 1, 1)]);
      assert.equal(Number(await v.page.locator('.matrix-canvas').getAttribute('data-hi')).toFixed(4), (1 / 6).toFixed(4));
      assert.deepEqual(await v.sent('selection'), [
        { analysisId: 7, choice: { layer: 0, combine: { kind: 'head', head: 1 }, cleaning: NO_CLEANING } },
        { analysisId: 7, choice: { layer: 1, combine: { kind: 'head', head: 1 }, cleaning: NO_CLEANING } },
        { analysisId: 7, choice: { layer: 1, combine: { kind: 'mean' }, cleaning: NO_CLEANING } },
      ]);
      const last = (await v.requests()).filter((r) => r.method === 'matrix').at(-1)?.params as { layer: number; combine: unknown };
      assert.deepEqual([last.layer, last.combine], [1, { kind: 'mean' }]);
    }));

  it('the mean of heads averages the heads; float16 renders the same colours', () =>
    withPanel(async (v) => {
      await v.analysis({ ...RIVER, combine: { kind: 'mean' } });
      for (const [q, k] of [
        [0, 0],
        [3, 3],
        [3, 2],
        [5, 0],
      ]) {
        const mean = (RIVER_L0H0[q * T + k] + (q === k ? 1 : 0)) / 2;
        assert.deepEqual(await pixel(v, q, k), [...colorOf(LUT, mean, 1)], `cell ${q},${k}`);
      }
      await v.analysis({ ...RIVER, id: 8, precision: 'float16' });
      for (const [q, k] of [
        [0, 0],
        [3, 2],
        [4, 1],
        [5, 4],
      ])
        assert.deepEqual(await pixel(v, q, k), [...colorOf(LUT, RIVER_L0H0[q * T + k], 1)]);
    }));

  it('clicking a token selects it, asks the host to reveal it, and marks its row', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.locator('#token-3').click();
      assert.deepEqual(await v.sent('reveal'), [{ analysisId: 7, token: 3 }]);
      assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true');
      const tip = await v.page.locator('#token-tip').innerText();
      assert.match(tip, /#3 · id 103 · 1:7–1:13/);
      assert.match(tip, /in words: space \+ river/, 'the glyph ␣ said in words');
      assert.equal(await v.page.locator('.axis-query .axis-label.focused').innerText(), '␣river');
      // The head view (asked for when its tab shows) shows only that token's lines: its top 3 keys
      // (0.5, 0.25, then the first of two 0.125s).
      await openTab(v, 'Heads');
      assert.equal(await v.page.locator('.head-focus').getAttribute('data-links'), '3>3 3>2 3>0');
    }));

  it('keyboard on the token strip: one Tab stop, arrows/Home/End move, Enter reveals', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      assert.deepEqual(await v.page.locator('.token[tabindex="0"]').evaluateAll((els) => els.map((e) => e.id)), ['token-0']);
      await v.page.locator('#token-0').focus();
      await v.page.keyboard.press('ArrowRight');
      await v.page.keyboard.press('ArrowRight');
      const active = (): Promise<string> => v.page.evaluate(() => document.activeElement?.id ?? '');
      assert.equal(await active(), 'token-2');
      await v.page.keyboard.press('Enter');
      assert.deepEqual(await v.sent('reveal'), [{ analysisId: 7, token: 2 }]);
      await v.page.keyboard.press('End');
      assert.equal(await active(), 'token-5');
      await v.page.keyboard.press('Home');
      assert.equal(await active(), 'token-0');
    }));

  it('keyboard on the matrix: arrows move the cursor with a live readout, Enter selects the row, Escape clears', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      assert.equal(await v.page.getByTestId('matrix-readout').getAttribute('aria-live'), 'polite');
      await v.page.locator('.matrix-focus').focus();
      for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowDown']) await v.page.keyboard.press(key);
      assert.equal(await readout(v), '␣river (#3) → ␣the (#2): 0.250');
      await v.page.keyboard.press('Enter');
      assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true');
      await v.page.keyboard.press('Escape');
      assert.match(await readout(v), /^Point at a cell/);
    }));

  it('a focus message selects the token; a stale one is ignored', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.notify('focus', { analysisId: 7, token: 4 });
      assert.equal(await v.page.locator('#token-4').getAttribute('aria-selected'), 'true');
      assert.equal(await v.page.locator('.axis-query .axis-label.focused').innerText(), '␣bank');
      await v.notify('focus', { analysisId: 6, token: 1 });
      await v.notify('focus', { analysisId: 7, token: 60 });
      assert.equal(await v.page.locator('#token-4').getAttribute('aria-selected'), 'true');
      await v.notify('focus', { analysisId: 7, token: null });
      assert.equal(await v.page.locator('.token[aria-selected="true"]').count(), 0);
      assert.equal(await v.page.locator('.axis-query .axis-label.focused').count(), 0);
      assert.deepEqual(await v.sent('reveal'), [], 'cursor sync does not echo back');
    }));

  it('decoders: the causal upper triangle reads as masked; next-token bars and per-token facts', () =>
    withPanel(async (v) => {
      await v.analysis(CODE);
      assert.equal(await v.page.locator('#combine-picker').inputValue(), 'mean');
      assert.equal(await v.page.locator('#layer-picker').inputValue(), '1');
      assert.deepEqual(await pixel(v, 0, 0), [...colorOf(LUT, 1, 1)]);
      // The hatching covers exactly the cells right of the diagonal.
      const alpha = (q: number, k: number): Promise<number> =>
        v.page.evaluate(
          ([q, k]) => {
            const o = document.querySelector<HTMLCanvasElement>('.matrix-overlay');
            if (!o) return -1;
            const cell = o.width / 6;
            // The most opaque pixel of the cell (the hatching's lines cross every cell).
            const d = o.getContext('2d')?.getImageData(Math.floor(k * cell), Math.floor(q * cell), Math.floor(cell), Math.floor(cell)).data ?? [];
            let max = 0;
            for (let i = 3; i < d.length; i += 4) max = Math.max(max, d[i]);
            return max;
          },
          [q, k] as const,
        );
      for (const [q, k] of [
        [0, 1],
        [1, 4],
        [3, 5],
      ])
        assert.ok((await alpha(q, k)) > 0, `masked ${q},${k}`);
      for (const [q, k] of [
        [0, 0],
        [4, 1],
        [5, 5],
      ])
        assert.equal(await alpha(q, k), 0, `visible ${q},${k}`);
      await pointAt(v, 1, 4);
      assert.match(await readout(v), /→ .*\(#4\): masked$/);
      const next = v.page.locator('.predictions .bars').first();
      assert.deepEqual(await next.locator('.bar-label').allTextContents(), ['return', 'const', '␣//', 'the rest of the vocabulary']);
      await v.page.locator('#token-3').click();
      assert.deepEqual(await texts(v, '.facts dd'), ['3.1%', '7', '5.00 bits']);
    }));

  it('one head with scores: scores before softmax and probabilities after it, side by side', () =>
    withPanel(async (v) => {
      const scores = Array.from({ length: 36 }, (_, i) => (i % 6 > Math.floor(i / 6) ? Number.NEGATIVE_INFINITY : (i % 6) - 2));
      await v.analysis({ ...CODE, id: 13, combine: { kind: 'head', head: 0 }, layer: 0, scores: { '0/0': scores } });
      assert.deepEqual(await texts(v, '.pane-title'), ['Scores before softmax (scaled, masked)', 'Probabilities after softmax']);
      const stages = (await v.requests()).filter((r) => r.method === 'matrix').map((r) => (r.params as { stage: string }).stage);
      assert.deepEqual(stages.sort(), ['probs', 'scores']);
      // Scores span their finite range (−2 … 3); masked cells are neither end of the scale.
      assert.deepEqual(await pixel(v, 5, 0, 'scores'), [...colorOf(LUT, 0, 1)]);
      assert.deepEqual(await pixel(v, 5, 5, 'scores'), [...colorOf(LUT, 1, 1)]);
      assert.deepEqual(
        await pixel(v, 3, 1, 'scores'),
        [...colorOf(LUT, 1 / 5, 1)].map((c) => c),
      );
      const masked = await pixel(v, 0, 4, 'scores');
      assert.notDeepEqual(masked, [...colorOf(LUT, 0, 1)]);
      await pointAt(v, 3, 1, 6, 'scores');
      assert.match(await readout(v), /\(#3\) → .*\(#1\): scores −1\.000 · probs 0\.250$/);
      // Mean of heads has no single softmax: one pane.
      await v.page.selectOption('#combine-picker', 'mean');
      await v.settle();
      assert.equal(await v.page.locator('.matrix-pane').count(), 1);
    }));

  it('saves layer, head and token, and reopens there when the host replays the same analysis', async () => {
    let saved: unknown;
    await withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.selectOption('#head-picker', '1');
      await v.page.locator('#token-3').click();
      // The tabs' scroll offsets are reported at most every 200 ms (scrollKeeper.ts): wait for that report.
      await v.page.waitForFunction(() => Object.keys(((window as unknown as LensWindow).__lens.state as { scroll?: object })?.scroll ?? {}).length > 0);
      saved = await v.page.evaluate(() => (window as unknown as LensWindow).__lens.state);
      assert.deepEqual(saved, {
        analysisId: 7,
        choice: { layer: 0, combine: { kind: 'head', head: 1 }, cleaning: NO_CLEANING },
        // The reader chose it: it outlives the host's replay.
        chosen: true,
        token: 3,
        tabs: {},
        // Each tab's offset, and the page's own (a short panel scrolls as a whole).
        scroll: { attention: 0, predictions: 0, compare: 0, inside: 0, repr: 0, bert: 0, course: 0, page: 0 },
        comparison: null,
      });
    });
    await withPanel(
      async (v) => {
        await v.analysis(RIVER);
        assert.equal(await v.page.locator('#head-picker').inputValue(), '1');
        assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true');
        assert.deepEqual(await pixel(v, 2, 2), [...colorOf(LUT, 1, 1)]);
        await v.analysis({ ...RIVER, id: 8 });
        assert.equal(await v.page.locator('#head-picker').inputValue(), '0');
        assert.equal(await v.page.locator('.token[aria-selected="true"]').count(), 0);
      },
      { state: saved },
    );
  });

  it('at 512 tokens asks for a window downsampled to the canvas, thins labels, and zooms and pans by window', () =>
    withPanel(async (v) => {
      await v.analysis(large(12, 12, 512, 'float16'));
      // The strip holds all 512 (the host is told so) but puts in the page only the rows in view.
      assert.deepEqual(await v.sent('rendered'), [{ analysisId: 99, tokens: 512 }]);
      assert.equal(await v.page.locator('.token-list').getAttribute('aria-setsize'), '512');
      const inPage = await v.page.locator('.token').count();
      assert.ok(inPage > 20 && inPage < 200, `${inPage} tokens in the page`);
      const matrices = async (): Promise<{ rows: { start: number; count: number }; cols: { start: number; count: number }; maxSide: number }[]> =>
        (await v.requests()).filter((r) => r.method === 'matrix').map((r) => r.params as never);
      const first = (await matrices())[0];
      const canvas = await v.page.locator('.matrix-canvas').evaluate((c) => ({ w: (c as HTMLCanvasElement).width, css: c.getBoundingClientRect().width }));
      assert.deepEqual(
        [first.rows, first.cols],
        [
          { start: 0, count: 512 },
          { start: 0, count: 512 },
        ],
      );
      assert.equal(first.maxSide, Math.round(canvas.css), 'downsampled to the canvas’s device pixels');
      assert.ok(canvas.w <= first.maxSide && canvas.w >= 512 / 4, `served ${canvas.w} cells a side`);
      const labels = await v.page.locator('.axis-query .axis-label').count();
      assert.ok(labels > 5 && labels < 60, `thinned axis labels: ${labels}`);
      // The exact weight under the pointer, even where a cell is a block mean.
      await pointAt(v, 200, 300, 512);
      await v.settle();
      assert.match(await readout(v), /^␣w200 \(#200\) → ␣w300 \(#300\): \d\.\d{3}$/);
      // Zoom in about the centre: the middle half; then pan right by a quarter of the window.
      await v.page.getByRole('button', { name: 'Zoom in' }).click();
      await v.settle();
      assert.deepEqual(
        [(await matrices()).at(-1)?.rows, (await matrices()).at(-1)?.cols],
        [
          { start: 128, count: 256 },
          { start: 128, count: 256 },
        ],
      );
      await v.page.locator('.matrix-focus').focus();
      await v.page.keyboard.press('Shift+ArrowRight');
      await v.settle();
      assert.deepEqual((await matrices()).at(-1)?.cols, { start: 192, count: 256 });
      assert.equal(await v.page.locator('.axis-key .axis-label').first().innerText(), '␣w192');
      await v.page.keyboard.press('+');
      await v.page.keyboard.press('+');
      await v.page.keyboard.press('+');
      await v.settle();
      const zoomed = (await matrices()).at(-1);
      assert.equal(zoomed?.rows.count, 32);
      assert.equal(await v.page.locator('.matrix-canvas').evaluate((c) => (c as HTMLCanvasElement).width), 32, 'a 32-token window is served cell for cell');
      assert.match(await v.page.locator('.matrix-window').innerText(), /queries \d+–\d+ · keys \d+–\d+ of 512/);
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-panel-512.png') });
    }));

  it('saves a screenshot of the rendered panel (test-results/webview-panel.png)', () =>
    withPanel(
      async (v) => {
        await v.notify('status', { model: 'tiny-bert-es-en', kind: 'encoder', state: 'ready', detail: '4 layers × 4 heads', progress: null });
        await v.analysis({ ...RIVER, combine: { kind: 'mean' } });
        await v.page.locator('#token-3').click();
        await pointAt(v, 3, 2);
        const dir = path.join(ROOT, 'test-results');
        mkdirSync(dir, { recursive: true });
        await v.page.screenshot({ path: path.join(dir, 'webview-panel.png'), fullPage: true });
        assert.ok(await v.page.locator('.matrix-canvas').isVisible());
        assert.equal(await v.page.locator('.model-grid').isVisible(), false, 'the model view waits behind its tab');
      },
      { width: 1000, height: 760 },
    ));
});
