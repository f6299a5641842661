// What a reader of the panel sees at the widths a lecture's students use it at (the panel beside the
// editor, ~420 to ~700 px) and in Spanish, where labels run longer: no heading cut short, every
// picker beside its label, the decoder's hatched cells and the model grid's numbers explained on
// screen rather than only in a folded help.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { AnalysisSpec } from './support/analysisSpec';
import { openTab, sharedSession, type ViewOptions, type ViewPage, withView } from './support/browser';
import { ROOT } from './support/server';
import { DECODER, openInside } from './support/insideFixtures';
import { BANK_GUESS, CODE, large, RIVER, SUMMARY } from './support/specs';

const session = sharedSession();
after(() => session.close());

const withPanel = (test: (v: ViewPage) => Promise<void>, options: ViewOptions = {}): Promise<void> => withView(session, 'panel', test, options);

/** A decoder of 12 tokens, 2 × 2 heads, with scores: one head shows two matrices side by side. */
const SCORED: AnalysisSpec = {
  ...large(2, 2, 12, 'float32'),
  id: 51,
  kind: 'decoder',
  fill: 'causal',
  tokens: Array.from({ length: 12 }, (_, i) => `Ġw${i}`),
  scores: { '0/0': Array.from({ length: 144 }, (_, i) => (i % 12) - (Math.floor(i / 12) % 5)) },
};

/** A screenshot for people to look at: test-results/webview-legibility-NAME.png. */
async function shot(v: ViewPage, name: string): Promise<void> {
  const dir = path.join(ROOT, 'test-results');
  mkdirSync(dir, { recursive: true });
  await v.page.screenshot({ path: path.join(dir, `webview-legibility-${name}.png`), fullPage: true });
}

/** Text of the visible elements matching `selector` that their box cuts (content wider than the box). */
const cut = (v: ViewPage, selector: string): Promise<string[]> =>
  v.page
    .locator(selector)
    .evaluateAll((nodes) => nodes.filter((n) => n.getClientRects().length > 0 && n.scrollWidth > n.clientWidth + 1).map((n) => n.textContent ?? ''));

describe('legibility of the panel', () => {
  for (const [width, locale] of [
    [420, 'es'],
    [490, 'en'],
    [700, 'es'],
  ] as const) {
    it(`one head's matrix titles are whole and its two plots level, at ${width} px (${locale})`, () =>
      withPanel(
        async (v) => {
          await v.analysis(SCORED);
          const titles = await v.page.locator('.pane-title').allTextContents();
          assert.equal(titles.length, 2, 'scores and probabilities');
          assert.deepEqual(await cut(v, '.pane-title'), [], 'no title is cut');
          const tops = await v.page.locator('.matrix-plot').evaluateAll((plots) => plots.map((p) => Math.round(p.getBoundingClientRect().top)));
          const lefts = await v.page.locator('.matrix-plot').evaluateAll((plots) => plots.map((p) => Math.round(p.getBoundingClientRect().left)));
          if (lefts[0] !== lefts[1]) assert.equal(tops[0], tops[1], `side by side, the plots start level: ${tops}`);
          await shot(v, `matrix-${width}-${locale}`);
        },
        { width, height: 900, locale },
      ));
  }
});

describe('the decoder’s hatched cells', () => {
  for (const locale of ['en', 'es'] as const) {
    it(`have a key under the matrix that names them, a decoder’s only (${locale})`, () =>
      withPanel(
        async (v) => {
          const key = v.page.locator('.matrix-pane .mask-key');
          await v.analysis(CODE);
          assert.deepEqual(await key.allInnerTexts(), [locale === 'es' ? 'máscara causal (de anticipación)' : 'causal mask']);
          assert.ok(await key.isVisible());
          assert.notEqual(await key.locator('.mask-swatch').evaluate((s) => getComputedStyle(s).backgroundImage), 'none', 'the swatch is hatched');
          assert.deepEqual(await cut(v, '.matrix-pane .legend > *, .matrix-pane .mask-key'), [], 'nothing in the legend is cut');
          await shot(v, `mask-key-${locale}`);
          await v.analysis(RIVER);
          assert.equal(await key.isVisible(), false, 'an encoder masks nothing');
        },
        { width: 420, height: 900, locale },
      ));
  }
});

/** Each visible `label[for]` whose control is not inside it: its lines, and how far its control's middle is from its own, vertically (px). */
const labelGaps = (v: ViewPage): Promise<{ label: string; lines: number; gap: number }[]> =>
  v.page.locator('label[for]').evaluateAll((labels) =>
    labels
      .filter((l) => l.getClientRects().length > 0)
      .map((l) => {
        const control = document.getElementById(l.getAttribute('for') ?? '');
        const a = l.getBoundingClientRect();
        const lines = Math.round(a.height / parseFloat(getComputedStyle(l).lineHeight));
        if (!control || l.contains(control) || control.getClientRects().length === 0) return { label: l.textContent ?? '', lines, gap: 0 };
        const b = control.getBoundingClientRect();
        return { label: l.textContent ?? '', lines, gap: Math.round(Math.abs(a.top + a.height / 2 - (b.top + b.height / 2))) };
      }),
  );

describe('labels and their pickers', () => {
  it('stay on one line when the controls wrap, at 420 px in Spanish (matrix, heads and model views)', () =>
    withPanel(
      async (v) => {
        await v.analysis({ ...CODE, combine: { kind: 'head', head: 0 } });
        const seen: string[] = [];
        for (const tab of ['Matriz', 'Cabezas', 'Modelo']) {
          await openTab(v, tab);
          const gaps = await labelGaps(v);
          seen.push(...gaps.map((g) => g.label));
          assert.deepEqual(
            gaps.filter((g) => g.gap > 4 || g.lines > 1),
            [],
            `in ${tab}, each label on one line, beside its control`,
          );
        }
        for (const label of ['Capa', 'Cabezas', 'Ordenar cabezas por', 'Resaltar', 'Umbral']) assert.ok(seen.includes(label), `${label} was checked`);
        await shot(v, 'fields-420-es');
      },
      { width: 420, height: 900, locale: 'es' },
    ));
});

describe('the model grid’s numbers', () => {
  it('are said on screen to be layers (rows) and heads (columns), before and after a head is pointed at (es)', () =>
    withPanel(
      async (v) => {
        await v.analysis({ ...CODE, combine: { kind: 'head', head: 0 } });
        await openTab(v, 'Modelo');
        const readout = v.page.getByTestId('model-readout');
        const caption = 'Las filas son capas; las columnas, cabezas.';
        assert.ok((await readout.innerText()).startsWith(caption), await readout.innerText());
        await v.page.locator('.model-grid').focus();
        await v.page.keyboard.press('ArrowRight');
        assert.match(await readout.innerText(), /^Capa 0, cabeza 0/);
        await v.page.keyboard.press('Escape');
        assert.ok((await readout.innerText()).startsWith(caption), await readout.innerText());
        // The focused grid's ring, all four sides of it inside the box that scrolls the grid (which clips what lies beyond).
        const ring = await v.page.locator('.model-grid').evaluate((grid) => {
          const style = getComputedStyle(grid);
          const out = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth);
          const [g, box] = [grid.getBoundingClientRect(), (grid.parentElement as HTMLElement).getBoundingClientRect()];
          return {
            style: style.outlineStyle,
            left: g.left - out - box.left,
            top: g.top - out - box.top,
            right: box.right - (g.right + out),
            bottom: box.bottom - (g.bottom + out),
          };
        });
        assert.equal(ring.style, 'solid', 'the focused grid has a ring');
        for (const side of ['left', 'top', 'right', 'bottom'] as const)
          assert.ok(ring[side] >= 0, `the ring's ${side} side is not clipped: ${JSON.stringify(ring)}`);
        await shot(v, 'model-420-es');
      },
      { width: 420, height: 900, locale: 'es' },
    ));
});

describe('the layer lens’s colours', () => {
  it('have a key under the grid: the probability of the token written in a cell, on the panel’s scale (es)', () =>
    withPanel(
      async (v) => {
        await openInside(v, 'Por dentro');
        await openTab(v, 'Lente por capas');
        await v.page.locator('.lens-canvas').waitFor();
        const key = v.page.locator('.lens-view .lens-key');
        assert.equal(await key.locator('canvas.legend-ramp').count(), 1, 'the colour ramp');
        assert.equal(await key.innerText(), '0\u00A0% … 100\u00A0%\nla probabilidad del token escrito en la celda', 'in the unit the cells’ readouts use');
        assert.deepEqual(await cut(v, '.lens-key > *'), [], 'nothing in the key is cut');
        await shot(v, 'lens-420-es');
      },
      { width: 420, height: 900, locale: 'es' },
    ));
});

describe('the Q/K/V inspector’s strips', () => {
  it('have a key: their diverging colours and that each strip has its own scale, shown with the breakdown only (es)', () =>
    withPanel(
      async (v) => {
        await openInside(v, 'Por dentro');
        const key = v.page.locator('.qkv-view .qkv-key');
        await v.page.locator('.qkv-k-col canvas').waitFor();
        assert.ok(await key.isVisible());
        assert.equal(await key.locator('canvas.legend-ramp').count(), 1, 'the diverging ramp');
        assert.match(await key.innerText(), /morado.*naranja/s);
        assert.deepEqual(await cut(v, '.qkv-key > *'), [], 'nothing in the key is cut');
        await shot(v, 'qkv-420-es');
        await v.analysis({ ...DECODER, id: 23 });
        await v.page.locator('.qkv-k-col canvas').waitFor();
        assert.ok(await key.isVisible(), 'still there for the next analysis');
      },
      { width: 420, height: 900, locale: 'es' },
    ));
});

/** The visible texts matching `selector` that take more than one line. */
const wrapped = (v: ViewPage, selector: string): Promise<string[]> =>
  v.page
    .locator(selector)
    .evaluateAll((nodes) =>
      nodes
        .filter((n) => n.getClientRects().length > 0 && n.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(n).lineHeight))
        .map((n) => n.textContent ?? ''),
    );

describe('the matrix’s window line', () => {
  it('is never broken inside a range of tokens (512 tokens at 420 px, Compare’s two panes at 525 px; es)', () =>
    withPanel(
      async (v) => {
        await v.analysis(large(2, 2, 512, 'float16'));
        assert.deepEqual(await wrapped(v, '.matrix-window'), [], 'one line');
        await v.page.setViewportSize({ width: 525, height: 900 });
        const words = Array.from({ length: 30 }, (_, k) => `Ġw${k}`);
        // The panel shows a comparison while it shows one of its two analyses.
        await v.analysis({ ...CODE, id: 61, tokens: [...CODE.tokens, ...words] });
        await v.comparison(
          { ...RIVER, id: 60, tokens: [...RIVER.tokens.slice(0, 5), ...words, RIVER.tokens[5]], matrices: {} },
          { ...CODE, id: 61, tokens: [...CODE.tokens, ...words] },
          BANK_GUESS,
        );
        await openTab(v, 'Comparar');
        const lines = await v.page
          .locator('.matrix-window')
          .evaluateAll((nodes) => nodes.filter((n) => n.getClientRects().length > 0).map((n) => n.textContent));
        assert.equal(lines.length, 2, `both panes’ window lines: ${lines}`);
        assert.deepEqual(await wrapped(v, '.matrix-window'), [], 'each on one line');
        assert.deepEqual(await cut(v, '.matrix-window'), [], 'and whole');
        const overhang = await v.page
          .locator('.matrix-window')
          .evaluateAll((nodes) =>
            nodes
              .filter((n) => n.getClientRects().length > 0)
              .map((n) => Math.round(n.getBoundingClientRect().right - (n.closest('.matrix-view') as HTMLElement).getBoundingClientRect().right)),
          );
        assert.ok(
          overhang.every((px) => px <= 0),
          `each within its own pane: ${overhang}`,
        );
        // The decoder's upper triangle is drawn hatched, with the mask's key: the help says so, not "empty".
        const help = await v.page.locator('.compare .help').first().innerText();
        const key = await v.page.locator('.mask-key').first().innerText();
        assert.ok(help.includes(key.replace(/ \(.*\)$/, '')) && !/vacío/.test(help), `${help} / the key: ${key}`);
        await shot(v, 'compare-525-es');
      },
      { width: 420, height: 900, locale: 'es' },
    ));
});

describe('probability bars’ labels', () => {
  it('wrap rather than lose their end: the side view at 300 px in Spanish', () =>
    withView(
      session,
      'side',
      async (v) => {
        await v.notify('summary', { ...SUMMARY, predictions: [...SUMMARY.predictions, { label: '<|endoftext|>', p: 0.002 }] });
        assert.deepEqual(await v.page.locator('.bar-label').allTextContents(), ['␣return', '␣const', 'salto de línea + 2 espacios', '<|endoftext|>']);
        assert.deepEqual(await cut(v, '.bar-label'), [], 'no label is cut');
        await shot(v, 'side-300-es');
      },
      { width: 300, height: 600, locale: 'es' },
    ));
});
