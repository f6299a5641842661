// The panel's structure in headless Chromium, on the real page: the views behind WAI-ARIA tabs (by
// mouse and by keyboard), each sized to the panel at two widths — half and all of a 1400 × 900
// window — so that no view needs more than about one screen of scrolling, one-head matrices side
// by side across the width, the model grid's thumbnails growing with it, Compare side by side when
// there is room; and the place (tabs, scroll, view choice) kept when the panel is hidden and shown.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PANEL_TABS, tabLabel } from '../../src/protocol/panelTabs';
import type { AnalysisSpec } from './support/analysisSpec';
import { openTab, sharedSession, type ViewOptions, type ViewPage, withView } from './support/browser';
import type { LensWindow } from './support/pageHarness';
import { BANK_GUESS, CODE, large, RIVER } from './support/specs';
import { answer, DECODER } from './support/insideFixtures';

const session = sharedSession();
after(() => session.close());

const withPanel = (test: (v: ViewPage) => Promise<void>, options: ViewOptions = {}): Promise<void> => withView(session, 'panel', test, options);

/** The selected tab of the panel's list and of the attention views' list (the Inside tab's own list aside). */
const selectedTabs = (v: ViewPage): Promise<string[]> =>
  v.page
    .locator('[role="tablist"]:not([aria-label="Inside views"]) [role="tab"][aria-selected="true"]')
    .evaluateAll((tabs) => tabs.map((t) => t.textContent ?? ''));
const focusedTab = (v: ViewPage): Promise<string> =>
  v.page.evaluate(() => (document.activeElement?.getAttribute('role') === 'tab' ? (document.activeElement.textContent ?? '') : ''));
const saved = (v: ViewPage): Promise<Record<string, unknown>> =>
  v.page.evaluate(() => (window as unknown as LensWindow).__lens.state as Record<string, unknown>);

/** How far the tab on screen scrolls: its content's height beyond the height shown, px, and the height shown. */
const overflow = (v: ViewPage): Promise<{ beyond: number; shown: number }> =>
  v.page.evaluate(() => {
    const tab = document.querySelector<HTMLElement>('.panel-body > .tab-panels > .tab-panel:not([hidden])');
    return tab ? { beyond: tab.scrollHeight - tab.clientHeight, shown: tab.clientHeight } : { beyond: -1, shown: 0 };
  });

/** 40 tokens, 2 × 2 heads, with scores: one head shows two matrices. */
const SCORED: AnalysisSpec = {
  ...large(2, 2, 40, 'float32'),
  id: 50,
  scores: { '0/0': Array.from({ length: 1600 }, (_, i) => (i % 40) - (Math.floor(i / 40) % 7)) },
};

describe('the panel’s tabs', () => {
  it('are a tablist of tabs, each with its tabpanel; a click selects one and shows only its panel', () =>
    withPanel(async (v) => {
      await v.analysis(CODE);
      const lists = await v.page.locator('[role="tablist"]').evaluateAll((ls) => ls.map((l) => l.getAttribute('aria-label')));
      assert.deepEqual(lists, ['Views', 'Attention views', 'Inside views']);
      const tabs = v.page.locator('[role="tablist"][aria-label="Views"] [role="tab"]');
      // The registry's tabs, in its order (src/protocol/panelTabs.ts).
      assert.deepEqual(
        await tabs.allInnerTexts(),
        PANEL_TABS.map((tab) => tabLabel(tab.id)),
      );
      for (const tab of await tabs.all()) {
        const panel = v.page.locator(`#${await tab.getAttribute('aria-controls')}`);
        assert.equal(await panel.getAttribute('role'), 'tabpanel');
        assert.equal(await panel.getAttribute('aria-labelledby'), await tab.getAttribute('id'));
      }
      assert.deepEqual(await selectedTabs(v), ['Attention', 'Matrix']);
      await v.page.getByRole('tab', { name: 'Predictions' }).click();
      assert.deepEqual(await selectedTabs(v), ['Predictions', 'Matrix']);
      assert.equal(await v.page.getByRole('tabpanel', { name: 'Predictions' }).isVisible(), true);
      assert.equal(await v.page.getByRole('tabpanel', { name: 'Attention' }).isHidden(), true);
      assert.equal(await v.page.locator('[role="tablist"][aria-label="Views"] [role="tab"][tabindex="0"]').count(), 1, 'one Tab stop per tab list');
      assert.deepEqual((await saved(v)).tabs, { panel: 'predictions', attention: 'matrix', inside: 'qkv' });
    }));

  it('the keyboard: arrows move and select (wrapping), Home and End go to the ends, Tab leaves the list', () =>
    withPanel(async (v) => {
      const [first, second] = PANEL_TABS.map((tab) => tabLabel(tab.id));
      const last = tabLabel(PANEL_TABS[PANEL_TABS.length - 1].id);
      await v.analysis(CODE);
      await v.page.getByRole('tab', { name: first }).focus();
      await v.page.keyboard.press('ArrowRight');
      assert.deepEqual([await focusedTab(v), (await selectedTabs(v))[0]], [second, second]);
      await v.page.keyboard.press('End');
      assert.deepEqual([await focusedTab(v), (await selectedTabs(v))[0]], [last, last]);
      await v.page.keyboard.press('ArrowRight');
      assert.equal(await focusedTab(v), first, 'wraps to the first');
      await v.page.keyboard.press('ArrowLeft');
      await v.page.keyboard.press('Home');
      assert.deepEqual(await selectedTabs(v), ['Attention', 'Matrix']);
      // The attention views' own list: into it with Tab (past the controls), then arrows.
      await v.page.getByRole('tab', { name: 'Matrix' }).focus();
      await v.page.keyboard.press('ArrowRight');
      await v.settle();
      assert.deepEqual(await selectedTabs(v), ['Attention', 'Heads']);
      assert.ok(await v.page.locator('.head-stage').isVisible(), 'the head view shows and draws');
      assert.ok(Number(await v.page.locator('.head-stage').getAttribute('data-paints')) > 0);
      await v.page.keyboard.press('Tab');
      assert.equal(await focusedTab(v), '', 'one Tab stop: Tab moves on into the tab panel');
    }));
});

describe('each view sized to the panel', () => {
  for (const width of [700, 1400]) {
    it(`at ${width} × 850 px: no view needs more than about one screen of scrolling`, () =>
      withPanel(
        async (v) => {
          await v.analysis(large(12, 12, 128, 'float16'));
          await v.comparison(RIVER, { ...CODE, id: 12 }, BANK_GUESS);
          const scrolls: Record<string, { beyond: number; shown: number }> = {};
          for (const [tab, view] of [
            ['Attention', 'Matrix'],
            ['Attention', 'Heads'],
            ['Attention', 'Model'],
            ['Predictions', ''],
            ['Compare', ''],
          ]) {
            await openTab(v, tab);
            if (view) await openTab(v, view);
            scrolls[view || tab] = await overflow(v);
          }
          for (const [name, { beyond, shown }] of Object.entries(scrolls)) {
            assert.ok(shown > 400, `${name}: the tab has most of the screen (${shown} px)`);
            assert.ok(beyond <= shown, `${name}: ${beyond} px to scroll, more than the ${shown} px shown`);
          }
          assert.ok(scrolls.Matrix.beyond <= 2, `the matrix fits without scrolling (${scrolls.Matrix.beyond} px)`);
        },
        { width, height: 850 },
      ));
  }

  it('one head: scores and probabilities side by side across the width, growing with it', async () => {
    const sides: number[] = [];
    for (const width of [700, 1400]) {
      await withPanel(
        async (v) => {
          await v.analysis({ ...SCORED, combine: { kind: 'head', head: 0 } });
          const plots = await v.page.locator('.matrix-plot').evaluateAll((ps) => ps.map((p) => p.getBoundingClientRect().toJSON() as DOMRect));
          assert.equal(plots.length, 2);
          assert.equal(Math.round(plots[0].top), Math.round(plots[1].top), 'side by side');
          assert.equal(plots[0].width, plots[1].width);
          assert.ok(plots[1].left + plots[1].width <= width, 'inside the panel');
          sides.push(plots[0].width);
        },
        { width, height: 850 },
      );
    }
    assert.ok(sides[0] >= 200, `at 700 px each matrix is ${sides[0]} px`);
    assert.ok(sides[1] >= sides[0] * 1.4, `wider panel, larger matrices: ${sides.join(' → ')} px`);
  });

  it('a sentence gets a label on every row when the width allows it, though the height is short', () =>
    withPanel(
      async (v) => {
        // 18 tokens, the mean of the heads (one matrix), 560 px of window: about 200 px of height under the controls.
        await v.analysis({ ...large(2, 2, 18, 'float32'), combine: { kind: 'mean' } });
        const rows = await v.page.locator('.axis-query .axis-label').allTextContents();
        const cols = await v.page.locator('.axis-key .axis-label').allTextContents();
        assert.equal(rows.length, 18, `every query labelled: ${rows.join(' ')}`);
        assert.equal(cols.length, 18, `every key labelled: ${cols.join(' ')}`);
        const plot = await v.page.locator('.matrix-plot').boundingBox();
        assert.ok(plot && plot.width >= 18 * 14 && plot.width <= 18 * 28, `the matrix is ${plot?.width} px`);
        const { beyond, shown } = await overflow(v);
        assert.ok(beyond <= shown / 2, `a little scrolling at most: ${beyond} px of ${shown}`);
      },
      { width: 700, height: 560 },
    ));

  it('the model grid scales its thumbnails to the space', async () => {
    const sides: number[] = [];
    for (const width of [700, 1400]) {
      await withPanel(
        async (v) => {
          await v.analysis(large(12, 12, 64, 'float16'));
          await openTab(v, 'Model');
          sides.push(Number(await v.page.locator('.model-grid').getAttribute('data-side')));
          const grid = await v.page.locator('.model-grid').boundingBox();
          assert.ok(grid && grid.width <= width, 'the grid fits the width');
        },
        { width, height: 850 },
      );
    }
    assert.ok(sides[0] >= 36, `thumbnails at 700 px: ${sides[0]} px`);
    assert.ok(sides[1] > sides[0], `wider panel, larger thumbnails: ${sides.join(' → ')} px`);
  });

  it('Compare is side by side when the panel is wide enough, stacked only when it is not', async () => {
    for (const [width, beside] of [
      [1400, true],
      [700, true],
      [560, true],
      [420, false],
    ] as const) {
      await withPanel(
        async (v) => {
          await v.analysis(CODE);
          await v.comparison(RIVER, CODE, BANK_GUESS);
          const boxes = await v.page.locator('.compare-side').evaluateAll((ss) => ss.map((s) => s.getBoundingClientRect().toJSON() as DOMRect));
          assert.equal(boxes.length, 2);
          const sideBySide = Math.round(boxes[0].top) === Math.round(boxes[1].top);
          assert.equal(sideBySide, beside, `at ${width} px: ${JSON.stringify(boxes.map((b) => [b.left, b.top]))}`);
          assert.equal(await v.page.locator('.compare canvas.matrix-canvas').count(), 2);
        },
        { width, height: 850 },
      );
    }
  });
  it('Compare’s matrices take their columns’ width (a 245 px column: labels and plot span it)', () =>
    withPanel(
      async (v) => {
        const encoder: AnalysisSpec = { ...large(2, 2, 20, 'float32'), id: 71 };
        const decoder: AnalysisSpec = { ...encoder, id: 72, kind: 'decoder', tokens: Array.from({ length: 20 }, (_, i) => `Ġw${i}`) };
        await v.analysis(decoder);
        await v.comparison(encoder, decoder, BANK_GUESS);
        await v.settle();
        const sides = await v.page.locator('.compare-side').evaluateAll((ss) =>
          ss.map((s) => ({
            column: s.getBoundingClientRect().right,
            plot: s.querySelector('canvas.matrix-canvas')?.getBoundingClientRect().right ?? 0,
          })),
        );
        assert.equal(sides.length, 2);
        // 20 tokens want 560 px; the height leaves more than the width: only the column bounds the plot.
        for (const s of sides) assert.ok(s.column - s.plot <= 2, `the plot ends ${Math.round(s.column - s.plot)} px before its column's edge`);
      },
      { width: 540, height: 850 },
    ));
});

describe('the place survives hide and show', () => {
  it('the tabs, each tab’s scroll and the view choice come back; a comparison seen does not take the tab again', async () => {
    let state: unknown;
    // Fifteen candidates: the Predictions tab is taller than a 420 px panel.
    const TALL = { ...CODE, id: 60, next: Array.from({ length: 15 }, (_, i) => [`t${i}`, 0.5 / 2 ** i] as [string, number]) };
    await withPanel(
      async (v) => {
        await v.analysis(TALL);
        await v.comparison(RIVER, TALL, BANK_GUESS);
        assert.deepEqual((await selectedTabs(v))[0], 'Compare');
        await openTab(v, 'Attention');
        await openTab(v, 'Model');
        await v.page.selectOption('#layer-picker', '0');
        await openTab(v, 'Predictions');
        const tab = v.page.locator('#panel-tab-predictions-panel');
        await tab.evaluate((t) => (t.scrollTop = 90));
        await v.page.waitForFunction(() => ((window as unknown as LensWindow).__lens.state as { scroll: { predictions?: number } }).scroll.predictions === 90);
        state = await saved(v);
        assert.deepEqual((state as { tabs: unknown }).tabs, { panel: 'predictions', attention: 'model', inside: 'qkv' });
      },
      { width: 700, height: 420 },
    );
    // VS Code made a new page; the host replays the analysis and the comparison.
    await withPanel(
      async (v) => {
        await v.analysis(TALL);
        await v.comparison(RIVER, TALL, BANK_GUESS);
        assert.deepEqual(await selectedTabs(v), ['Predictions', 'Model']);
        assert.equal(await v.page.locator('#panel-tab-predictions-panel').evaluate((t) => t.scrollTop), 90);
        assert.equal(await v.page.locator('#layer-picker').inputValue(), '0');
        // Another analysis keeps the tabs and starts at the top.
        await v.analysis({ ...TALL, id: 61 });
        assert.deepEqual(await selectedTabs(v), ['Predictions', 'Model']);
        assert.equal(await v.page.locator('#panel-tab-predictions-panel').evaluate((t) => t.scrollTop), 0);
      },
      { width: 700, height: 420, state },
    );
  });
  it('the Inside tab’s own view (the layer lens) comes back too', async () => {
    let state: unknown;
    await withPanel(async (v) => {
      answer(v, 'logit');
      await v.analysis(DECODER);
      await openTab(v, 'Inside');
      await openTab(v, 'Layer lens');
      await v.page.waitForFunction(() => ((window as unknown as LensWindow).__lens.state as { tabs: { inside?: string } }).tabs.inside === 'lens');
      state = await saved(v);
    });
    await withPanel(
      async (v) => {
        answer(v, 'logit');
        await v.analysis(DECODER);
        const inside = await v.page.locator('[role="tablist"][aria-label="Inside views"] [role="tab"][aria-selected="true"]').textContent();
        assert.equal(inside, 'Layer lens');
        await v.page.locator('.lens-canvas').waitFor();
      },
      { state },
    );
  });
});
