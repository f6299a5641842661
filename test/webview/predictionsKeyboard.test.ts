// The Predictions tab for a keyboard and screen-reader user, in headless Chromium on the real panel:
// stepping through a continuation's preview by keyboard keeps the focus on the step buttons (each
// step shows its own analysis, which draws the tab again); the live regions say the list's summary
// when its words change, not at every step of a slider, and a growing continuation as its text, not
// with all of the preview's buttons at every generated step, and the selected token's placeholder
// not again at every new analysis.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView } from './support/browser';
import { focusedIdOrName } from './support/focus';
import { listen, said } from './support/liveRegions';
import { CODE, PREVIEW, RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('the Predictions tab by keyboard', () => {
  it('keeps the focus on the preview’s step buttons while each step’s analysis is shown', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await v.notify('preview', PREVIEW);
      await v.page.locator('.steps .step').nth(1).focus();
      await v.page.keyboard.press('Enter');
      assert.deepEqual(await v.sent('showAnalysis'), [{ analysisId: 20 }]);
      // The host shows the step's analysis: the tab is drawn again for it.
      await v.analysis({ ...CODE, id: 20, key: 20 });
      assert.equal(await focusedIdOrName(v), '1. return (60.0%)', 'the step pressed, now the current one');
      assert.equal(await v.page.locator('.steps .step').nth(1).getAttribute('aria-pressed'), 'true');
      await v.page.keyboard.press('Tab');
      assert.equal(await focusedIdOrName(v), '2. x (30.0%)', 'Tab goes on to the next step');
      await v.page.keyboard.press('Enter');
      await v.analysis({ ...CODE, id: 21, key: 21 });
      assert.equal(await focusedIdOrName(v), '2. x (30.0%)');
    }));

  it('says the candidates’ summary when its words change, not at every step of a slider', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await listen(v);
      await v.page.locator('#nw-temperature').focus();
      for (let i = 0; i < 5; i++) await v.page.keyboard.press('ArrowRight');
      await v.settle();
      const summaries = (await said(v)).filter((s) => /candidates kept/.test(s));
      assert.equal(summaries.length, 1, `said once: ${JSON.stringify(summaries)}`);
    }));

  it('says a continuation’s new text as it grows, not the preview’s buttons again at every step', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await listen(v);
      await v.notify('preview', { ...PREVIEW, text: ' return', steps: PREVIEW.steps.slice(0, 1), done: false });
      await v.notify('preview', PREVIEW);
      const told = await said(v);
      assert.deepEqual(
        told.filter((s) => /Insert into the document|Prompt/.test(s)),
        [],
        `the buttons are not read out at each step: ${JSON.stringify(told)}`,
      );
      assert.deepEqual(
        told.filter((s) => /return/.test(s)),
        [' return', ' return x'].map((s) => s.trim()),
        'the text, once per step',
      );
    }));

  it('does not say the selected token’s placeholder again when a new analysis is shown', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await listen(v);
      await v.analysis({ ...CODE, id: 30, key: 30 });
      await v.analysis({ ...CODE, id: 31, key: 31 });
      const told = await said(v);
      assert.deepEqual(
        told.filter((s) => /Select a token/.test(s)),
        [],
        `nothing changed there: ${JSON.stringify(told)}`,
      );
    }));

  it('gives the focus to the masked words’ heading when an encoder’s analysis replaces the decoder’s controls it was on', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await v.page.getByRole('button', { name: 'Continue (greedy)' }).focus();
      await v.analysis(RIVER);
      assert.equal(await focusedIdOrName(v), 'Masked tokens', 'what the tab shows now, not the page');
    }));
});
