// The panel in headless Chromium, loaded from the very page webviewHtml() makes: tokens, heatmap
// pixels and hit-testing, predictions, pickers, reveal/selection messages, the keyboard, cursor
// sync, saved state, responsiveness at 512 tokens, and a screenshot for people to look at.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildLut, colorOf } from '../../webview/colorScale';
import { openView, sharedSession, type ViewPage } from './support/browser';
import type { LensWindow } from './support/pageHarness';
import { ROOT } from './support/server';
import { CODE, large, RIVER, RIVER_L0H0 } from './support/specs';

const LUT = buildLut();
const T = 6;

const session = sharedSession();
after(() => session.close());

async function withPanel(test: (v: ViewPage) => Promise<void>, options: Parameters<typeof openView>[3] = {}): Promise<void> {
  const { browser, server } = await session.get();
  const v = await openView(browser, server, 'panel', options);
  try {
    await test(v);
    assert.deepEqual(v.errors, [], 'no page errors');
  } finally {
    await v.close();
  }
}

/** RGB of the canvas pixel for (query, key): the canvas holds one pixel per cell. */
function pixel(v: ViewPage, query: number, key: number): Promise<number[]> {
  return v.page.evaluate(([q, k]) => {
    const canvas = document.querySelector<HTMLCanvasElement>('.heatmap-canvas');
    const data = canvas?.getContext('2d')?.getImageData(k, q, 1, 1).data;
    return data ? [data[0], data[1], data[2]] : [];
  }, [query, key] as const);
}

const texts = (v: ViewPage, selector: string): Promise<string[]> => v.page.locator(selector).allTextContents();

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
      await v.notify('status', { model: 'tiny-code-bert', kind: 'encoder', state: 'loading', detail: 'downloading model.onnx 40%', progress: 0.4 });
      assert.equal(await v.page.locator('.status').getAttribute('data-state'), 'loading');
      assert.equal(await v.page.locator('.status progress').evaluate((p) => (p as HTMLProgressElement).value), 0.4);
      assert.match(await v.page.locator('.status').innerText(), /Loading\s+tiny-code-bert \(encoder\)\s+downloading model\.onnx 40%/);
      await v.notify('status', { model: 'tiny-code-bert', kind: 'encoder', state: 'error', detail: 'model folder is missing config.json', progress: null });
      assert.equal(await v.page.locator('.status progress').count(), 0);
      assert.match(await v.page.locator('.status').innerText(), /Error.*missing config\.json/s);
    }));

  it('renders an analysis: header, tokens in order, heatmap colours, hit-testing, predictions', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      assert.deepEqual(await v.sent('rendered'), [{ analysisId: 7, tokens: 6 }]);
      assert.equal(await v.page.locator('h1').innerText(), 'river.txt');
      assert.match(await v.page.locator('.model-line').innerText(), /tiny-code-bert · encoder · 2 layers × 2 heads · 6 tokens/);
      assert.deepEqual(await texts(v, '.notice'), [RIVER.notices?.[0]]);
      assert.deepEqual(await texts(v, '.token'), ['[CLS]', 'On', '␣the', '␣river', '␣bank', '[SEP]']);
      assert.deepEqual(await v.page.locator('.token.special').evaluateAll((els) => els.map((e) => e.id)), ['token-0', 'token-5']);
      assert.deepEqual(await v.page.locator('.token.masked').evaluateAll((els) => els.map((e) => e.id)), ['token-4']);

      // One canvas pixel per cell, coloured through the table on a 0..max scale.
      assert.deepEqual(await v.page.locator('.heatmap-canvas').evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [T, T]);
      for (const [q, k] of [[0, 0], [1, 0], [2, 2], [3, 2], [3, 3], [4, 1], [4, 3], [5, 4], [0, 5]]) {
        assert.deepEqual(await pixel(v, q, k), [...colorOf(LUT, RIVER_L0H0[q * T + k], 1)], `cell ${q},${k}`);
      }

      // The pointer over the middle of (query 3, key 2) reads that cell.
      const box = await v.page.locator('.heatmap-canvas').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + (2.5 * box.width) / T, box.y + (3.5 * box.height) / T);
      assert.equal(await v.page.getByTestId('heatmap-readout').innerText(), '␣river (#3) → ␣the (#2): 0.250');
      await v.page.mouse.move(box.x + box.width - 1, box.y + 1);
      assert.equal(await v.page.getByTestId('heatmap-readout').innerText(), '[CLS] (#0) → [SEP] (#5): 0.000');

      assert.deepEqual(await texts(v, '.predictions .bar-label'), ['␣bank', '␣side', '␣edge', '␣shore']);
      assert.deepEqual(await texts(v, '.predictions .bar-value'), ['41.2%', '20.0%', '0.04%', '<0.01%']);
      const widths = await v.page.locator('.predictions .bar-fill').evaluateAll((els) => els.map((e) => (e as HTMLElement).style.width));
      assert.deepEqual(widths, ['41.2%', '20%', '0.04%', '0%']);
    }));

  it('layer and head pickers redraw the matrix and tell the host', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.selectOption('#head-picker', '1');
      await v.settle();
      assert.deepEqual(await pixel(v, 2, 2), [...colorOf(LUT, 1, 1)]);
      assert.deepEqual(await pixel(v, 2, 1), [...colorOf(LUT, 0, 1)]);
      await v.page.selectOption('#layer-picker', '1');
      await v.page.selectOption('#head-picker', 'mean');
      await v.settle();
      // Layer 1 is uniform (1/6 everywhere): the whole matrix is at the scale's top.
      assert.deepEqual(await pixel(v, 4, 0), [...colorOf(LUT, 1, 1)]);
      assert.equal(Number(await v.page.locator('.heatmap-canvas').getAttribute('data-max')).toFixed(4), (1 / 6).toFixed(4));
      assert.deepEqual(await v.sent('selection'), [
        { analysisId: 7, layer: 0, head: 1 },
        { analysisId: 7, layer: 1, head: 1 },
        { analysisId: 7, layer: 1, head: null },
      ]);
    }));

  it('the mean of heads averages the heads', () =>
    withPanel(async (v) => {
      await v.analysis({ ...RIVER, head: null });
      // Mean of RIVER_L0H0 and the identity; the largest mean is 1 at (0, 0).
      for (const [q, k] of [[0, 0], [3, 3], [3, 2], [5, 0]]) {
        const mean = (RIVER_L0H0[q * T + k] + (q === k ? 1 : 0)) / 2;
        assert.deepEqual(await pixel(v, q, k), [...colorOf(LUT, mean, 1)], `cell ${q},${k}`);
      }
    }));

  it('float16 attention renders the same colours as float32', () =>
    withPanel(async (v) => {
      await v.analysis({ ...RIVER, precision: 'float16' });
      for (const [q, k] of [[0, 0], [3, 2], [4, 1], [5, 4]]) assert.deepEqual(await pixel(v, q, k), [...colorOf(LUT, RIVER_L0H0[q * T + k], 1)]);
    }));

  it('clicking a token selects it and asks the host to reveal it', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.locator('#token-3').click();
      assert.deepEqual(await v.sent('reveal'), [{ analysisId: 7, token: 3 }]);
      assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true');
      const tip = await v.page.locator('#token-tip').innerText();
      assert.match(tip, /␣river/);
      assert.match(tip, /#3 · id 103 · 1:7–1:13/);
      assert.match(tip, /vocabulary: Ġriver/);
      // Its row is highlighted in the heatmap.
      assert.equal(await v.page.locator('.heatmap-row').isVisible(), true);
      const [row, canvas] = await Promise.all([v.page.locator('.heatmap-row').boundingBox(), v.page.locator('.heatmap-canvas').boundingBox()]);
      assert.ok(row && canvas);
      assert.equal(Math.round(row.y - canvas.y), Math.round((3 * canvas.height) / T));
    }));

  it('keyboard: one Tab stop, arrows/Home/End move, Enter reveals', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      assert.deepEqual(await v.page.locator('.token[tabindex="0"]').evaluateAll((els) => els.map((e) => e.id)), ['token-0']);
      await v.page.locator('#token-0').focus();
      await v.page.keyboard.press('ArrowRight');
      await v.page.keyboard.press('ArrowRight');
      const active = (): Promise<string> => v.page.evaluate(() => document.activeElement?.id ?? '');
      assert.equal(await active(), 'token-2');
      assert.equal(await v.page.locator('#token-2').getAttribute('aria-selected'), 'true');
      assert.deepEqual(await v.page.locator('.token[tabindex="0"]').evaluateAll((els) => els.map((e) => e.id)), ['token-2']);
      await v.page.keyboard.press('Enter');
      assert.deepEqual(await v.sent('reveal'), [{ analysisId: 7, token: 2 }]);
      await v.page.keyboard.press('End');
      assert.equal(await active(), 'token-5');
      await v.page.keyboard.press('ArrowRight');
      assert.equal(await active(), 'token-5');
      await v.page.keyboard.press('Home');
      await v.page.keyboard.press('ArrowLeft');
      assert.equal(await active(), 'token-0');
      // The readout follows the keyboard focus.
      assert.match(await v.page.locator('#token-tip').innerText(), /\[CLS\][\s\S]*no source \(special token\)/);
    }));

  it('keyboard on the heatmap moves a cell cursor and reads it out', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.locator('.heatmap-plot').focus();
      for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowDown']) await v.page.keyboard.press(key);
      assert.equal(await v.page.getByTestId('heatmap-readout').innerText(), '␣river (#3) → ␣the (#2): 0.250');
      await v.page.keyboard.press('Enter');
      assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true');
    }));

  it('a focus message selects the token; a stale one is ignored', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.notify('focus', { analysisId: 7, token: 4 });
      assert.equal(await v.page.locator('#token-4').getAttribute('aria-selected'), 'true');
      assert.equal(await v.page.locator('.axis-query .axis-label.focused').innerText(), '␣bank');
      await v.notify('focus', { analysisId: 6, token: 1 });
      assert.equal(await v.page.locator('#token-4').getAttribute('aria-selected'), 'true');
      await v.notify('focus', { analysisId: 7, token: 60 });
      assert.equal(await v.page.locator('#token-4').getAttribute('aria-selected'), 'true');
      await v.notify('focus', { analysisId: 7, token: null });
      assert.equal(await v.page.locator('.token[aria-selected="true"]').count(), 0);
      assert.equal(await v.page.locator('.heatmap-row').isVisible(), false);
      assert.deepEqual(await v.sent('reveal'), [], 'cursor sync does not echo back');
    }));

  it('decoders: next-token bars and the selected token’s probability, rank and surprisal', () =>
    withPanel(async (v) => {
      await v.analysis(CODE);
      assert.deepEqual(await texts(v, '.token'), ['const', '␣x', '␣=', '␣1', ';', '↵␣␣']);
      assert.equal(await v.page.locator('#head-picker').inputValue(), 'mean');
      assert.equal(await v.page.locator('#layer-picker').inputValue(), '1');
      // Causal: the upper triangle is zero, the lowest colour.
      assert.deepEqual(await pixel(v, 1, 4), [...colorOf(LUT, 0, 1)]);
      assert.deepEqual(await pixel(v, 0, 0), [...colorOf(LUT, 1, 1)]);
      const next = v.page.locator('.predictions .bars').first();
      assert.deepEqual(await next.locator('.bar-label').allTextContents(), ['return', 'const', '␣//']);
      assert.deepEqual(await next.locator('.bar-value').allTextContents(), ['50.0%', '25.0%', '12.5%']);
      await v.page.locator('#token-3').click();
      assert.deepEqual(await texts(v, '.facts dd'), ['3.1%', '7', '5.00 bits']);
      assert.deepEqual(await texts(v, '.focused-token .bar-label'), ['␣0', '␣"']);
      await v.page.locator('#token-0').click();
      assert.match(await v.page.locator('.focused-token').innerText(), /no prediction for this position/);
    }));

  it('saves layer, head and token, and reopens there when the host replays the same analysis', async () => {
    let saved: unknown;
    await withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.selectOption('#head-picker', '1');
      await v.page.locator('#token-3').click();
      saved = await v.page.evaluate(() => (window as unknown as LensWindow).__lens.state);
      assert.deepEqual(saved, { analysisId: 7, layer: 0, head: 1, token: 3 });
    });
    await withPanel(async (v) => {
      await v.analysis(RIVER); // the replay still says head 0: the saved place wins for the same analysis
      assert.equal(await v.page.locator('#head-picker').inputValue(), '1');
      assert.equal(await v.page.locator('#token-3').getAttribute('aria-selected'), 'true');
      assert.deepEqual(await pixel(v, 2, 2), [...colorOf(LUT, 1, 1)]);
      await v.analysis({ ...RIVER, id: 8 }); // a new analysis opens where the host says
      assert.equal(await v.page.locator('#head-picker').inputValue(), '0');
      assert.equal(await v.page.locator('.token[aria-selected="true"]').count(), 0);
    }, { state: saved });
  });

  it('cells are whole device pixels at devicePixelRatio 2', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      const { width, dpr } = await v.page.evaluate(() => ({ width: document.querySelector('.heatmap-canvas')?.getBoundingClientRect().width ?? 0, dpr: devicePixelRatio }));
      assert.equal(dpr, 2);
      const devicePerCell = (width * dpr) / T;
      assert.ok(devicePerCell >= 2 && Number.isInteger(devicePerCell), `device pixels per cell: ${devicePerCell}`);
    }, { deviceScaleFactor: 2 }));

  it('stays responsive at 512 tokens (4×4 float32, 12×12 float16)', () =>
    withPanel(async (v) => {
      const timings: string[] = [];
      for (const [layers, heads, precision] of [[4, 4, 'float32'], [12, 12, 'float16']] as const) {
        const first = await v.page.evaluate((s) => (window as unknown as LensWindow).__lens.timeAnalysis(s), large(layers, heads, 512, precision));
        const head = await v.page.evaluate(() => (window as unknown as LensWindow).__lens.timePicker('head-picker', '3'));
        const mean = await v.page.evaluate(() => (window as unknown as LensWindow).__lens.timePicker('head-picker', 'mean'));
        const layer = await v.page.evaluate((l) => (window as unknown as LensWindow).__lens.timePicker('layer-picker', String(l)), layers - 1);
        timings.push(`${layers}×${heads} ${precision}: first paint ${first.toFixed(0)} ms, head ${head.toFixed(0)} ms, mean ${mean.toFixed(0)} ms, layer ${layer.toFixed(0)} ms`);
        assert.ok(first < 3000, timings.at(-1));
        assert.ok(Math.max(head, mean, layer) < 750, timings.at(-1));
      }
      assert.equal(await v.page.locator('.token').count(), 512);
      const labels = await v.page.locator('.axis-query .axis-label').count();
      assert.ok(labels > 5 && labels < 100, `thinned axis labels: ${labels}`);
      // Hover still maps to the right cell at one device pixel per cell.
      const box = await v.page.locator('.heatmap-canvas').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + (300.5 * box.width) / 512, box.y + (200.5 * box.height) / 512);
      assert.match(await v.page.getByTestId('heatmap-readout').innerText(), /^␣w200 \(#200\) → ␣w300 \(#300\): /);
      console.log(`    ${timings.join('\n    ')}`);
      mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
      await v.page.screenshot({ path: path.join(ROOT, 'test-results', 'webview-panel-512.png') });
    }));

  it('saves a screenshot of the rendered panel (test-results/webview-panel.png)', () =>
    withPanel(async (v) => {
      await v.notify('status', { model: 'tiny-code-bert', kind: 'encoder', state: 'ready', detail: '4 layers × 4 heads', progress: null });
      await v.analysis({ ...RIVER, head: null });
      await v.page.locator('#token-3').click();
      const box = await v.page.locator('.heatmap-canvas').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + (2.5 * box.width) / T, box.y + (3.5 * box.height) / T);
      const dir = path.join(ROOT, 'test-results');
      mkdirSync(dir, { recursive: true });
      await v.page.screenshot({ path: path.join(dir, 'webview-panel.png'), fullPage: true });
    }, { width: 1000, height: 760 }));
});
