// The attention views in headless Chromium beyond the matrix basics and the head view: the model
// view (thumbnails from the worker, click/Enter opens a head, statistics highlight), cleaning and
// rollout requests, exports that parse (JSON, CSV, SVG, PNG), replies that must not break the view
// (malformed, stale, an error answer), and a theme change.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { serveView } from '../../src/engine/views/viewServer';
import { buildLut, colorOf } from '../../src/protocol/colorScale';
import { buildAnalysis } from './support/analysisSpec';
import { readPng, type Image } from './support/png';
import { NO_REPLY, openTab, sharedSession, withView, type ViewPage } from './support/browser';
import type { LensWindow } from './support/pageHarness';
import { RIVER, RIVER_L0H0 } from './support/specs';

const LUT = buildLut();
const session = sharedSession();
after(() => session.close());
const withPanel = (test: (v: ViewPage) => Promise<void>): Promise<void> => withView(session, 'panel', test);

const attr = (v: ViewPage, selector: string, name: string): Promise<string | null> => v.page.locator(selector).first().getAttribute(name);
const paints = async (v: ViewPage): Promise<number> => Number(await attr(v, '.matrix-view', 'data-paints'));

/** The model grid's geometry as drawn (labels' band, a thumbnail's side, the gap), CSS px. */
async function grid(v: ViewPage): Promise<{ label: number; side: number; cell: number }> {
  const [label, side, gap] = await Promise.all(['data-label', 'data-side', 'data-gap'].map(async (name) => Number(await attr(v, '.model-grid', name))));
  return { label, side, cell: side + gap };
}

/** The colour at the middle of cell (q, k) of head (l, h)'s thumbnail of a `t`-token analysis, in a picture of the grid. */
const thumbPixel = (image: Image, g: { label: number; side: number; cell: number }, t: number, l: number, h: number, q: number, k: number): number[] =>
  image.pixel(Math.floor(g.label + h * g.cell + ((k + 0.5) * g.side) / t), Math.floor(g.label + l * g.cell + ((q + 0.5) * g.side) / t)).slice(0, 3);

describe('model view', () => {
  it('draws every head from the worker’s thumbnails, asked once its tab shows; a click opens a head in the matrix, brought forward', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      assert.equal((await v.requests()).filter((r) => r.method === 'thumbnails').length, 0, 'nothing asked while the model view is hidden');
      await openTab(v, 'Model');
      const thumbs = (await v.requests()).filter((r) => r.method === 'thumbnails');
      assert.equal(thumbs.length, 1);
      const g = await grid(v);
      // What the page shows (the thumbnails' canvas scaled by CSS): layer 0 head 0's thumbnail is
      // RIVER_L0H0 scaled by its maximum (1), its top-left cell the scale's top.
      await v.page.locator('.model-grid').scrollIntoViewIfNeeded();
      const shown = readPng(await v.page.locator('.model-grid').screenshot());
      const at = (l: number, h: number, q: number, k: number): number[] => thumbPixel(shown, g, 6, l, h, q, k);
      assert.deepEqual(at(0, 0, 0, 0), [...colorOf(LUT, 1, 1)]);
      assert.deepEqual(at(0, 0, 3, 2), [...colorOf(LUT, Math.round(RIVER_L0H0[3 * 6 + 2] * 255) / 255, 1)]);
      assert.deepEqual(at(0, 1, 2, 2), [...colorOf(LUT, 1, 1)]);
      assert.deepEqual(at(0, 1, 2, 1), [...colorOf(LUT, 0, 1)]);
      const box = await v.page.locator('.model-grid').boundingBox();
      assert.ok(box);
      const middle = g.label + g.side / 2;
      await v.page.mouse.move(box.x + middle + g.cell, box.y + middle + g.cell);
      assert.match(
        await v.page.getByTestId('model-readout').innerText(),
        /^Layer 1, head 1: entropy [\d.]+ bits, previous token [\d.]+, special tokens [\d.]+, itself [\d.]+$/,
      );
      await v.page.mouse.click(box.x + middle, box.y + middle + g.cell);
      await v.settle();
      assert.equal(await v.page.getByRole('tab', { name: 'Matrix' }).getAttribute('aria-selected'), 'true', 'the matrix came forward');
      assert.ok(await v.page.locator('.matrix-canvas').isVisible());
      assert.equal(await v.page.locator('#layer-picker').inputValue(), '1');
      assert.equal(await v.page.locator('#combine-picker').inputValue(), 'head');
      assert.equal(await v.page.locator('#head-picker').inputValue(), '0');
      assert.deepEqual((await v.sent('selection')).at(-1), {
        analysisId: 7,
        choice: { layer: 1, combine: { kind: 'head', head: 0 }, cleaning: { hideSpecial: false, mergeSubwords: false, hidePunctuation: false } },
      });
      const matrix = (await v.requests()).filter((r) => r.method === 'matrix').at(-1)?.params as { layer: number; combine: unknown };
      assert.deepEqual([matrix.layer, matrix.combine], [1, { kind: 'head', head: 0 }]);
    }));

  it('keyboard opens a head; statistics highlight and sort heads', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Model');
      await v.page.locator('.model-grid').focus();
      await v.page.keyboard.press('ArrowDown');
      await v.page.keyboard.press('ArrowRight');
      await v.page.keyboard.press('Escape');
      await v.page.keyboard.press('ArrowRight');
      await v.page.keyboard.press('ArrowRight');
      await v.page.keyboard.press('Enter');
      await v.settle();
      assert.deepEqual([await v.page.locator('#layer-picker').inputValue(), await v.page.locator('#head-picker').inputValue()], ['0', '1']);
      // Head 1 of layer 0 is the identity: all attention on itself, so "itself" highlights it.
      await openTab(v, 'Model');
      await v.page.selectOption('#model-highlight', 'self');
      assert.equal((await attr(v, '.model-grid', 'data-highlighted'))?.split(' ')[0], '0/1');
      await v.page.selectOption('#model-sort', 'self');
      await v.page.locator('.model-grid').scrollIntoViewIfNeeded();
      const box = await v.page.locator('.model-grid').boundingBox();
      assert.ok(box);
      const g = await grid(v);
      await v.page.mouse.move(box.x + g.label + g.side / 2, box.y + g.label + g.side / 2);
      assert.match(await v.page.getByTestId('model-readout').innerText(), /^Layer 0, head 1: .* itself 1\.000$/);
    }));

  // A head whose attention is not a number has statistics that are not numbers: before, every
  // comparison with them was false, so the NaN head stayed first and was highlighted as the strongest.
  it('a head whose attention is NaN is never highlighted or sorted first', () =>
    withPanel(async (v) => {
      await v.analysis({ ...RIVER, matrices: { ...RIVER.matrices, '0/0': Array.from({ length: 36 }, () => Number.NaN) } });
      await openTab(v, 'Model');
      for (const stat of ['self', 'entropy']) {
        await v.page.selectOption('#model-highlight', stat);
        assert.equal((await attr(v, '.model-grid', 'data-highlighted'))?.split(' ')[0], '0/1', stat);
      }
      await v.page.selectOption('#model-sort', 'self');
      const g = await grid(v);
      const box = await v.page.locator('.model-grid').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + g.label + g.side / 2, box.y + g.label + g.side / 2);
      assert.match(await v.page.getByTestId('model-readout').innerText(), /^Layer 0, head 1: /, 'the first place of layer 0 is a head that is a number');
    }));

  it('rings over the scaled grid: the focused head’s follows the keys, the highlighted heads’ the statistic; the PNG shows what the page does', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Model');
      await v.page.locator('.model-grid').focus();
      // The first arrow focuses layer 0 head 0, the next two move to layer 1, head 1.
      for (const key of ['ArrowRight', 'ArrowDown', 'ArrowRight']) await v.page.keyboard.press(key);
      const g = await grid(v);
      const box = await v.page.locator('.model-grid').boundingBox();
      const ring = await v.page.locator('.model-ring[data-ring="focus"]:not([hidden])').boundingBox();
      assert.ok(box && ring);
      // 2 px wide, 1 px off the thumbnail on each side.
      const near = (a: number, b: number): boolean => Math.abs(a - b) < 1;
      assert.ok(near(ring.x - box.x, g.label + g.cell - 3) && near(ring.y - box.y, g.label + g.cell - 3), `focus ring at ${ring.x - box.x}, ${ring.y - box.y}`);
      assert.ok(near(ring.width, g.side + 6) && near(ring.height, g.side + 6));
      await v.page.keyboard.press('ArrowLeft');
      const moved = await v.page.locator('.model-ring[data-ring="focus"]:not([hidden])').boundingBox();
      assert.ok(moved && near(moved.x - box.x, g.label - 3) && near(moved.y - box.y, g.label + g.cell - 3), 'the ring moved one head left');
      assert.match(await v.page.getByTestId('model-readout').innerText(), /^Layer 1, head 0:/);
      await v.page.selectOption('#model-highlight', 'self');
      // A tenth of 4 heads, at least one: layer 0 head 1 (all on itself).
      assert.equal(await v.page.locator('.model-ring[data-ring="warning"]:not([hidden])').count(), 1);
      const top = await v.page.locator('.model-ring[data-ring="warning"]').first().boundingBox();
      assert.ok(top && near(top.x - box.x, g.label + g.cell - 3) && near(top.y - box.y, g.label - 3), 'head 0/1 ringed');
      // The PNG: the grid's size, its thumbnails and rings where the page shows them.
      await v.page.locator('.model-section .export-bar').getByRole('button', { name: 'PNG' }).click();
      await v.page.waitForFunction(() => (window as unknown as LensWindow).__lens.exports.length === 1);
      const data = await v.page.evaluate(() => Array.from((window as unknown as LensWindow).__lens.exports[0].data as Uint8Array));
      const png = readPng(Buffer.from(data));
      const shown = readPng(await v.page.locator('.model-grid').screenshot());
      assert.deepEqual([png.width, png.height], [Math.round(box.width), Math.round(box.height)], 'a PNG of the grid’s size');
      for (const [l, h, q, k] of [
        [0, 0, 0, 0],
        [0, 0, 3, 2],
        [0, 1, 2, 1],
        [1, 1, 4, 1],
        [1, 0, 5, 5],
      ])
        assert.deepEqual(thumbPixel(png, g, 6, l, h, q, k), thumbPixel(shown, g, 6, l, h, q, k), `head ${l}/${h} cell ${q},${k}`);
      // The middle of the focus ring's left side (layer 1, head 0), in the theme's focus colour on both.
      const [x, y] = [Math.floor(g.label - 2), Math.floor(g.label + g.cell + g.side / 2)];
      assert.deepEqual(png.pixel(x, y), shown.pixel(x, y));
      assert.notDeepEqual(png.pixel(x, y), png.pixel(x - 4, y), 'a ring, not the background');
    }));
});

describe('aggregation and cleaning', () => {
  it('cleaning and rollout go into the requests; labels follow the cleaned axis', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await v.page.locator('#clean-hideSpecial').check();
      await v.settle();
      const m = (await v.requests()).filter((r) => r.method === 'matrix').at(-1)?.params as { cleaning: Record<string, boolean>; rows: unknown };
      assert.deepEqual(m.cleaning, { hideSpecial: true, mergeSubwords: false, hidePunctuation: false });
      assert.deepEqual(m.rows, { start: 0, count: 4 });
      assert.deepEqual(await v.page.locator('.axis-query .axis-label').allTextContents(), ['On', '␣the', '␣river', '␣bank']);
      assert.equal(await v.page.locator('.matrix-canvas').evaluate((c) => (c as HTMLCanvasElement).width), 4);
      await openTab(v, 'Model');
      const thumbs = (await v.requests()).filter((r) => r.method === 'thumbnails');
      assert.equal((thumbs.at(-1)?.params as { cleaning: { hideSpecial: boolean } }).cleaning.hideSpecial, true, 'thumbnails follow the cleaning');
      await openTab(v, 'Matrix');
      await v.page.selectOption('#combine-picker', 'rollout');
      await v.page.selectOption('#layer-picker', '1');
      await v.settle();
      const r = (await v.requests()).filter((x) => x.method === 'matrix').at(-1)?.params as { combine: unknown; layer: number; stage: string };
      assert.deepEqual([r.combine, r.layer, r.stage], [{ kind: 'rollout' }, 1, 'probs']);
      // The page paints what serveView computed for that request.
      const reply = serveView({ data: buildAnalysis(RIVER).data, tokens: buildAnalysis(RIVER).tokens }, 'matrix', r as never);
      const hi = Number(await attr(v, '.matrix-canvas', 'data-hi'));
      assert.ok(Math.abs(hi - reply.max) < 1e-6);
    }));

  it('merging subwords labels a word by its tokens', () =>
    withPanel(async (v) => {
      await v.analysis({
        ...RIVER,
        tokens: [
          { text: '[CLS]', special: true },
          { text: 'riv', word: 0 },
          { text: '##er', word: 0 },
          { text: 'bank', word: 1 },
          { text: '.', word: 2 },
          { text: '[SEP]', special: true },
        ],
      });
      await v.page.locator('#clean-mergeSubwords').check();
      await v.page.locator('#clean-hidePunctuation').check();
      await v.settle();
      assert.deepEqual(await v.page.locator('.axis-query .axis-label').allTextContents(), ['[CLS]', 'river', 'bank', '[SEP]']);
    }));
});

describe('export', () => {
  it('JSON, CSV and SVG parse; PNG is a PNG of the view’s size', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      const exported = (): Promise<{ name: string; mime: string; data: unknown }[]> =>
        v.page.evaluate(() =>
          (window as unknown as LensWindow).__lens.exports.map((e) => ({
            name: e.name,
            mime: e.mime,
            data: typeof e.data === 'string' ? e.data : Array.from(e.data),
          })),
        );
      const matrixBar = v.page.locator('.matrix-section .export-bar');
      for (const label of ['JSON', 'CSV', 'SVG', 'PNG']) await matrixBar.getByRole('button', { name: label }).click();
      await v.page.waitForFunction(() => (window as unknown as LensWindow).__lens.exports.length === 4);
      const [json, csv, svg, png] = await exported();
      assert.deepEqual([json.name, json.mime], ['layer0-head0-matrix.json', 'application/json']);
      const parsed = JSON.parse(json.data as string) as { stages: { probs: { values: number[][]; rows: string[] } }; layer: number };
      assert.equal(parsed.layer, 0);
      assert.deepEqual(parsed.stages.probs.values.flat(), RIVER_L0H0);
      assert.equal(parsed.stages.probs.rows[3], '␣river #3');
      assert.equal(csv.mime, 'text/csv');
      const lines = (csv.data as string)
        .trimEnd()
        .split('\r\n')
        .map((l) => l.split(','));
      assert.equal(lines.length, 7);
      assert.deepEqual(lines[4].slice(1).map(Number), RIVER_L0H0.slice(18, 24));
      assert.equal(svg.mime, 'image/svg+xml');
      // Parse the SVG in a blank page (the view's own page counts DOMParser as an HTML sink).
      const blank = await v.context.newPage();
      const parsedSvg = await blank.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return { error: doc.getElementsByTagName('parsererror').length, rects: doc.getElementsByTagName('rect').length, root: doc.documentElement.tagName };
      }, svg.data as string);
      await blank.close();
      assert.deepEqual(parsedSvg, { error: 0, rects: 36, root: 'svg' });
      assert.equal(png.mime, 'image/png');
      const bytes = Uint8Array.from(png.data as number[]);
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const view = new DataView(bytes.buffer);
      const side = await v.page.locator('.matrix-plot').evaluate((p) => p.getBoundingClientRect().width);
      assert.deepEqual([view.getUint32(16), view.getUint32(20)], [Math.round(side), Math.round(side)], 'IHDR width and height');
      // The head and model views export too.
      await openTab(v, 'Heads');
      await v.page.locator('.head-section .export-bar').getByRole('button', { name: 'CSV' }).click();
      await openTab(v, 'Model');
      await v.page.locator('.model-section .export-bar').getByRole('button', { name: 'JSON' }).click();
      await v.page.waitForFunction(() => (window as unknown as LensWindow).__lens.exports.length === 6);
      const [, , , , links, stats] = await exported();
      assert.match(links.data as string, /^selection,query,query_token,key,key_token,weight\r\nhead 0,0,\[CLS\],0,\[CLS\],1\r\n/);
      assert.equal((JSON.parse(stats.data as string) as { heads: unknown[] }).heads.length, 4);
      assert.equal(await v.page.locator('.model-section .export-bar').getByRole('button', { name: 'SVG' }).isDisabled(), true);
    }));
});

describe('replies that must not break the view', () => {
  it('a malformed reply is dropped and counted; the view keeps what it shows', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      const before = await paints(v);
      const breakers: ((r: Record<string, unknown>) => unknown)[] = [
        (r) => ({ ...r, data: new Float32Array(3) }),
        (r) => ({ ...r, key: 999 }),
        (r) => ({ ...r, data: Array.from(r.data as Float32Array) }),
        (r) => ({ ...r, block: 0 }),
        () => 'nonsense',
      ];
      for (const [i, breaker] of breakers.entries()) {
        v.serve((method, _params, next) => (method === 'matrix' ? breaker(next() as Record<string, unknown>) : next()));
        await v.page.selectOption('#head-picker', String((i + 1) % 2));
        await v.settle();
      }
      assert.equal(Number(await v.page.evaluate(() => document.body.dataset.rejectedReplies)), breakers.length);
      assert.equal(await paints(v), before, 'nothing was painted from a malformed reply');
      assert.equal(v.warnings.filter((w) => w.includes('ignored a malformed matrix reply')).length, breakers.length);
      v.serve(null);
      await v.page.selectOption('#head-picker', '1');
      await v.settle();
      assert.equal(await paints(v), before + 1);
    }));

  it('a stale reply loses to the newer request of the same view', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      v.serve(async (method, params, next) => {
        // Head 1's matrix waits until head 0's (asked after it) has been answered.
        if (method === 'matrix' && (params as { combine: { head?: number } }).combine.head === 1) await gate;
        return next();
      });
      await v.page.selectOption('#head-picker', '1');
      await v.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await v.page.selectOption('#head-picker', '0');
      await v.page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
      release();
      await v.settle();
      // Head 0's (1, 1) is 0.5; head 1's is 1: the older reply did not overwrite the newer one.
      const px = await v.page.evaluate(() =>
        [...(document.querySelector<HTMLCanvasElement>('.matrix-canvas')?.getContext('2d')?.getImageData(1, 1, 1, 1).data ?? [])].slice(0, 3),
      );
      assert.deepEqual(px, [...colorOf(LUT, 0.5, 1)]);
      const cancels = (await v.posted()).filter((m) => m.rpc === 'cancel');
      assert.ok(cancels.length >= 1, 'the older request was cancelled');
    }));

  it('an error answer (the analysis was evicted) is said once however many views it reaches; a lost reply changes nothing', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      const gone = 'this analysis is no longer in memory; analyze again';
      v.serve((method, _params, next) => {
        if (method === 'matrix' || method === 'thumbnails') throw Object.assign(new Error(gone), { code: 'analysis-gone' });
        if (method === 'links') return NO_REPLY;
        return next();
      });
      await v.page.selectOption('#head-picker', '1');
      await v.page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
      const alert = v.page.locator('.panel-alert');
      assert.deepEqual(await alert.locator('.alert-line').allInnerTexts(), [`Could not load the views: ${gone}`]);
      assert.equal(await alert.getAttribute('role'), 'alert');
      // The model view fails the same way: still one line. The head view's lost reply adds none.
      await openTab(v, 'Model');
      await openTab(v, 'Heads');
      await v.page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
      assert.deepEqual(await alert.locator('.alert-line').allInnerTexts(), [`Could not load the views: ${gone}`]);
      assert.equal(await v.page.locator('.view-error').count(), 0, 'no view has a line of its own');
      // The views answer again: the line goes.
      v.serve(null);
      await openTab(v, 'Model');
      await openTab(v, 'Matrix');
      await v.page.selectOption('#head-picker', '0');
      await v.settle();
      assert.equal(await alert.isHidden(), true);
    }));
});

describe('theme', () => {
  it('a theme change redraws the canvases with the new colours', () =>
    withPanel(async (v) => {
      await v.analysis({ ...RIVER, kind: 'decoder' });
      const before = await paints(v);
      const hatch = (): Promise<number[]> =>
        v.page.evaluate(() => {
          const o = document.querySelector<HTMLCanvasElement>('.matrix-overlay');
          const d = o?.getContext('2d')?.getImageData(0, 0, o.width, o.height).data ?? [];
          // The reddest pixel of the mask (the hatching's lines over the neutral fill).
          let best = [0, 0, 0];
          for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] - d[i + 1] > best[0] - best[1]) best = [d[i], d[i + 1], d[i + 2]];
          return best;
        });
      // VS Code sets its theme's variables on the root element's style.
      await v.page.evaluate(() => document.documentElement.style.setProperty('--vscode-editor-foreground', '#ff0000'));
      await v.settle();
      assert.ok((await paints(v)) > before, 'the matrix was drawn again');
      const [r, g, b] = await hatch();
      assert.ok(r > 180 && r - g > 100 && r - b > 100, `the hatching follows the foreground colour: ${[r, g, b]}`);
    }));
});

describe('tab switches', () => {
  it('the head view shown again for the same choice paints nothing and asks nothing: its canvas is as it left it', () =>
    withPanel(async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Heads');
      const heads = async (): Promise<number> => Number(await attr(v, '.head-stage', 'data-paints'));
      const [painted, asked] = [await heads(), (await v.requests()).length];
      assert.ok(painted > 0, 'the head view painted');
      await openTab(v, 'Matrix');
      await openTab(v, 'Heads');
      await v.settle();
      assert.equal(await heads(), painted, 'not painted again');
      assert.equal((await v.requests()).length, asked, 'nothing asked again');
      const shown = await v.page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('.head-stage canvas:not([hidden])');
        const d = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
        return d.some((x, i) => i % 4 === 3 && x > 0);
      });
      assert.ok(shown, 'its lines are on the canvas on screen');
    }));
});
