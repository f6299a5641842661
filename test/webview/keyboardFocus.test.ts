// Where the keyboard focus goes, in headless Chromium on the real panel: an action that hides the
// focused control hands the focus on to what it opened (never to the page's <body>, where a
// keyboard or screen-reader user would have to start again from the top), a new analysis keeps the
// focus in the part of the panel that had it, and Escape closes what hovers over the page.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import type { AnalysisSpec } from './support/analysisSpec';
import { CODE, RIVER } from './support/specs';
import { openInside } from './support/insideFixtures';

const session = sharedSession();
after(() => session.close());

/** The focused element: its id, else its class, else its tag (BODY when the focus was lost). */
const focused = (v: ViewPage): Promise<string> =>
  v.page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    return a?.id || (typeof a?.className === 'string' && a.className) || a?.tagName || '';
  });

describe('the keyboard focus', () => {
  for (const locale of ['en', 'es'] as const) {
    it(`goes with a head opened from the model grid by Enter: to the matrix that shows it (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          await openTab(v, locale === 'es' ? 'Modelo' : 'Model');
          await v.page.locator('.model-grid').focus();
          for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'Enter']) await v.page.keyboard.press(key);
          await v.settle();
          assert.equal(await v.page.locator('#attention-view-matrix').getAttribute('aria-selected'), 'true');
          assert.equal(await v.page.locator('#head-picker').inputValue(), '1', 'layer 1, head 1 opened');
          assert.equal(await focused(v), 'matrix-focus');
          // And the keyboard goes on working there: the arrows read the opened head's cells.
          await v.page.keyboard.press('ArrowDown');
          assert.match(await v.page.getByTestId('matrix-readout').innerText(), /^\[CLS\] \(#0\) → \[CLS\] \(#0\): /);
        },
        { locale },
      ));
  }

  it('stays in the token strip when a new analysis replaces its tokens (Analyze Selection pressed from the panel)', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await v.page.locator('#token-0').focus();
      for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight']) await v.page.keyboard.press(key);
      assert.equal(await focused(v), 'token-3');
      await v.analysis(CODE);
      // The strip's one Tab stop, on the new tokens: the arrows go on from there.
      assert.equal(await focused(v), 'token-0');
      await v.page.keyboard.press('ArrowRight');
      assert.equal(await focused(v), 'token-1');
      assert.equal(await v.page.locator('#token-1').getAttribute('aria-selected'), 'true');
    }));
});

describe('Escape', () => {
  for (const locale of ['en', 'es'] as const) {
    it(`closes the token strip's readout, which covers the tabs below it, until another token is read (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          const tip = v.page.locator('#token-tip');
          await v.page.locator('#token-0').focus();
          await v.page.keyboard.press('ArrowRight');
          assert.equal(await tip.isVisible(), true);
          await v.page.keyboard.press('Escape');
          assert.equal(await tip.isVisible(), false, 'Escape closes it, the focus staying where it is');
          assert.equal(await focused(v), 'token-1');
          await v.page.keyboard.press('ArrowRight');
          assert.equal(await tip.isVisible(), true, 'the next token read shows it again');
          assert.match(await tip.innerText(), /^␣the/);
          // Shown by the pointer: Escape closes it too, wherever the focus is.
          await v.page.locator('#token-4').hover();
          await v.page.locator('.matrix-focus').focus();
          assert.equal(await tip.isVisible(), true);
          await v.page.keyboard.press('Escape');
          assert.equal(await tip.isVisible(), false);
        },
        { locale },
      ));
  }
});

describe('the attention views a screen reader reaches', () => {
  for (const [locale, names] of [
    [
      'en',
      {
        matrix: 'Matrix',
        heads: 'Heads',
        layer: 'Layer',
        at: ['Attention matrix: layer 0, head 0', 'Attention matrix: layer 1, head 0', 'Head view: layer 1, head 0'],
      },
    ],
    [
      'es',
      {
        matrix: 'Matriz',
        heads: 'Cabezas',
        layer: 'Capa',
        at: ['Matriz de atención: capa 0, cabeza 0', 'Matriz de atención: capa 1, cabeza 0', 'Vista de cabezas: capa 1, cabeza 0'],
      },
    ],
  ] as const) {
    it(`have a name that says what they show, which follows the choice (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          // The focusable heatmap and head drawing: a name, not only their role ("heatmap", "head view").
          const name = (selector: string): Promise<string | null> => v.page.locator(selector).getAttribute('aria-label');
          assert.equal(await name('.matrix-focus'), names.at[0]);
          await v.page.getByRole('combobox', { name: names.layer, exact: true }).selectOption('1');
          await v.settle();
          assert.equal(await name('.matrix-focus'), names.at[1]);
          await openTab(v, names.heads);
          assert.equal(await name('.head-stage'), names.at[2]);
          await v.page.locator('.head-stage').focus();
          assert.equal(await v.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), names.at[2]);
        },
        { locale },
      ));
  }
});

describe('a tab the host brings forward', () => {
  for (const locale of ['en', 'es'] as const) {
    it(`takes the keyboard focus when the one it hides had it: Switch head off, then Compare shows the change (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          const ONE: AnalysisSpec = { ...CODE, combine: { kind: 'head', head: 0 } };
          const before = await v.analysis(ONE);
          const off = v.page.locator('.ablate-heads');
          await off.focus();
          await v.page.keyboard.press('Enter');
          assert.equal((await v.sent('ablate')).length, 1);
          // The host analyses again without the head and posts the before and after.
          const AFTER: AnalysisSpec = { ...ONE, id: 13, key: 13 };
          const after = await v.analysis(AFTER);
          await v.notify('ablation', { before: before.shown, after: { ...after.shown, result: { ...after.shown.result, ablated: [{ layer: 1, head: 0 }] } } });
          assert.equal(await v.page.locator('#panel-tab-compare').getAttribute('aria-selected'), 'true');
          assert.equal(await focused(v), 'panel-tab-compare', 'the focus goes to the tab that came forward, not to the page');
          // A tab brought forward while the focus is elsewhere (the editor, another part of the panel) leaves it there.
          await v.page.locator('#token-1').focus();
          await v.notify('ablation', { before: before.shown, after: { ...after.shown, result: { ...after.shown.result, ablated: [{ layer: 1, head: 1 }] } } });
          assert.equal(await focused(v), 'token-1');
        },
        { locale },
      ));
  }
});

describe('the views’ live readouts', () => {
  it('are not rewritten with the same words when the choice changes (a screen reader would say them again)', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(RIVER);
      await openTab(v, 'Heads');
      await openTab(v, 'Model');
      await openTab(v, 'Matrix');
      // Every change to a readout's nodes from here on, by readout.
      await v.page.evaluate(() => {
        const counts: Record<string, number> = {};
        (window as unknown as { __changes: Record<string, number> }).__changes = counts;
        for (const id of ['matrix-readout', 'head-readout', 'model-readout']) {
          counts[id] = 0;
          const node = document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
          new MutationObserver((records) => (counts[id] += records.length)).observe(node, { childList: true, characterData: true, subtree: true });
        }
      });
      const hint = await v.page.getByTestId('matrix-readout').innerText();
      await v.page.locator('#layer-picker').focus();
      await v.page.keyboard.press('ArrowDown');
      await v.settle();
      assert.equal(await v.page.locator('#layer-picker').inputValue(), '1');
      assert.equal(await v.page.getByTestId('matrix-readout').innerText(), hint, 'still the hint: no cell is read');
      assert.deepEqual(await v.page.evaluate(() => (window as unknown as { __changes: Record<string, number> }).__changes), {
        'matrix-readout': 0,
        'head-readout': 0,
        'model-readout': 0,
      });
      // And the head view's, on screen while the layer changes back.
      await openTab(v, 'Heads');
      const heads = await v.page.getByTestId('head-readout').innerText();
      await v.page.evaluate(() => ((window as unknown as { __changes: Record<string, number> }).__changes['head-readout'] = 0));
      await v.page.locator('#layer-picker').focus();
      await v.page.keyboard.press('ArrowUp');
      await v.settle();
      assert.equal(await v.page.locator('#layer-picker').inputValue(), '0');
      assert.equal(await v.page.getByTestId('head-readout').innerText(), heads);
      assert.equal(await v.page.evaluate(() => (window as unknown as { __changes: Record<string, number> }).__changes['head-readout']), 0);
    }));
});

describe('the layer lens’s paging', () => {
  it('keeps the focus on the way back when Later tokens reaches the end and is disabled (320 px: a few tokens a page)', () =>
    withView(
      session,
      'panel',
      async (v) => {
        await openInside(v);
        await openTab(v, 'Layer lens');
        const later = v.page.getByRole('button', { name: 'Later tokens' });
        assert.equal(await later.isDisabled(), false, 'more tokens than one page');
        await later.focus();
        for (let i = 0; i < 5 && !(await later.isDisabled()); i++) {
          await v.page.keyboard.press('Enter');
          await v.settle();
        }
        assert.equal(await later.isDisabled(), true);
        assert.equal(await focused(v), 'button secondary small', 'not the page’s body');
        assert.equal(await v.page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Earlier tokens');
      },
      { width: 320, height: 800 },
    ));
});

describe('Continue in the Predictions tab', () => {
  for (const locale of ['en', 'es'] as const)
    it(`keeps the keyboard focus on its button while the steps' analyses come (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(CODE);
          await openTab(v, locale === 'es' ? 'Predicciones' : 'Predictions');
          const name = locale === 'es' ? /^Continuar/ : /^Continue \(greedy\)/;
          await v.page.getByRole('button', { name }).first().focus();
          await v.page.keyboard.press('Enter');
          await v.settle();
          assert.equal((await v.sent('continue')).length, 1);
          const label = await v.page.evaluate(() => document.activeElement?.textContent);
          // The host shows each step's analysis.
          await v.analysis({ ...CODE, id: 13, key: 13 });
          assert.equal(await v.page.evaluate(() => document.activeElement?.textContent), label, 'not the page’s body');
          // And the next Enter continues from the step shown.
          await v.page.keyboard.press('Enter');
          assert.equal((await v.sent<{ analysisId: number }>('continue')).at(-1)?.analysisId, 13);
        },
        { locale },
      ));
});
