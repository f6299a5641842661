// The Compare tab for a keyboard and screen-reader user, in headless Chromium on the real panel:
// each of its two matrices (encoder and decoder, or before and after switching heads off) has a
// name that says whose it is, so that Tab does not land twice on the same words; the page's ids
// stay unique with three matrix views in it (a duplicated id makes aria-describedby read another
// view's help); and a new comparison or ablation, drawn again in place, leaves the keyboard focus
// where it was in the tab rather than on the page's <body>.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView, type ViewPage } from './support/browser';
import type { AnalysisSpec } from './support/analysisSpec';
import { focusedIdOrName } from './support/focus';
import { BANK_GUESS, CODE, RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

/** The names of the focusable matrices in the Compare tab, in order. */
const matrixNames = (v: ViewPage): Promise<(string | null)[]> =>
  v.page.locator('#panel-tab-compare-panel .matrix-focus').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));

/** Ids that more than one element of the page has. */
const duplicateIds = (v: ViewPage): Promise<string[]> =>
  v.page.evaluate(() => {
    const ids = Array.from(document.querySelectorAll('[id]'), (e) => e.id);
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  });

const BEFORE: AnalysisSpec = { ...CODE, id: 12, key: 12 };
const AFTER: AnalysisSpec = { ...CODE, id: 13, key: 13 };

async function showAblation(v: ViewPage, head: number): Promise<void> {
  const before = await v.analysis(BEFORE);
  const ablated = await v.analysis(AFTER);
  await v.notify('ablation', { before: before.shown, after: { ...ablated.shown, result: { ...ablated.shown.result, ablated: [{ layer: 0, head }] } } });
}

describe('the Compare tab’s two matrices', () => {
  for (const [locale, names] of [
    ['en', { compare: 'Compare', encoder: /^Encoder\b/, decoder: /^Decoder\b/, before: /^Before\b/, after: /^Heads off\b/ }],
    ['es', { compare: 'Comparar', encoder: /^Codificador\b/, decoder: /^Decodificador\b/, before: /^Antes\b/, after: /^Sin las cabezas\b/ }],
  ] as const) {
    it(`each say whose they are, and the page's ids stay unique (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(CODE);
          await v.comparison(RIVER, CODE, BANK_GUESS);
          await openTab(v, names.compare);
          const [encoder, decoder] = await matrixNames(v);
          assert.match(encoder ?? '', names.encoder);
          assert.match(decoder ?? '', names.decoder);
          assert.deepEqual(await duplicateIds(v), []);
          // Each matrix's help is its own: the description a screen reader reads is the one beside it.
          for (const box of await v.page.locator('.matrix-focus').all()) {
            const help = await box.getAttribute('aria-describedby');
            assert.equal(await box.locator(`xpath=ancestor::*[contains(@class, 'matrix-view')][1]//*[@id='${help}']`).count(), 1, `${help} is in its own view`);
          }
          await showAblation(v, 1);
          const [before, heads] = (await matrixNames(v)).slice(0, 2);
          assert.match(before ?? '', names.before);
          assert.match(heads ?? '', names.after);
          assert.deepEqual(await duplicateIds(v), []);
        },
        { locale },
      ));
  }
});

describe('the keyboard focus in the Compare tab', () => {
  it('stays where it was when a new comparison is drawn in place (the decoder’s matrix, the layer picker)', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await v.comparison(RIVER, CODE, BANK_GUESS);
      await v.page.locator('#panel-tab-compare-panel .matrix-focus').nth(1).focus();
      assert.match(await focusedIdOrName(v), /^Decoder — /);
      // Compare run again from the editor: the tab is drawn again while the page keeps its focus.
      await v.comparison(RIVER, CODE, BANK_GUESS);
      assert.match(await focusedIdOrName(v), /^Decoder — attention matrix: /, 'the same side’s matrix, not the page');
      await v.page.keyboard.press('ArrowDown');
      assert.match(await v.page.locator('#panel-tab-compare-panel .readout').nth(1).innerText(), /→/, 'and the arrows read its cells');
      await v.page.locator('#compare-layer-picker').focus();
      await v.comparison(RIVER, CODE, BANK_GUESS);
      assert.equal(await focusedIdOrName(v), 'compare-layer-picker');
    }));

  it('stays on the button that asked for another ablation, and goes to the Compare tab when Restore took the ablation away', () =>
    withView(session, 'panel', async (v) => {
      await showAblation(v, 1);
      await v.page.getByRole('button', { name: 'Switch other heads off…' }).focus();
      await v.page.keyboard.press('Enter');
      // The host asked which heads with a quick pick and posts the new ablation.
      await showAblation(v, 0);
      await v.page.getByRole('heading', { name: 'Heads 0:0 switched off' }).waitFor();
      assert.equal(await focusedIdOrName(v), 'Switch other heads off…');
      await v.page.getByRole('button', { name: 'Restore' }).focus();
      await v.page.keyboard.press('Enter');
      await v.notify('ablation', null);
      assert.equal(await focusedIdOrName(v), 'panel-tab-compare', 'the tab that holds what came back, not the page');
    }));
});
