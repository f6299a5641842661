// What a screen reader says of the panel, round 2, in headless Chromium on the real panel: a masked
// token says it is masked (not "white square"), the Compare tab's zoom buttons say whose matrix they
// zoom, a continuation's preview is not said again when its analysis is shown again, and a head of
// the Model tab's grid, reached by the arrow keys, is said once (as the active cell), not again by
// the readout under the grid.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView } from './support/browser';
import { listen, said } from './support/liveRegions';
import { BANK_GUESS, CODE, PREVIEW, RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('a masked token in the token strip', () => {
  for (const [locale, word] of [
    ['en', 'masked'],
    ['es', 'enmascarado'],
  ] as const)
    it(`says it is masked, not the mark's shape (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.analysis(RIVER);
          const tree = await v.page.locator('#token-4').ariaSnapshot();
          assert.doesNotMatch(tree, /▢/, `the mark is not read: ${tree}`);
          assert.match(tree, new RegExp(`bank.*${word}`), `the name says it: ${tree}`);
          assert.doesNotMatch(await v.page.locator('#token-3').ariaSnapshot(), new RegExp(word), 'an unmasked token does not');
        },
        { locale },
      ));
});

describe('the Compare tab’s zoom buttons', () => {
  it('say whose matrix they zoom', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await v.comparison(RIVER, CODE, BANK_GUESS);
      await openTab(v, 'Compare');
      const names = await v.page
        .locator('#panel-tab-compare-panel .matrix-view .controls button')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent));
      const zooms = names.filter((n) => /zoom/i.test(n ?? ''));
      assert.equal(zooms.length, 4, JSON.stringify(names));
      assert.equal(new Set(zooms).size, 4, `each its own name: ${JSON.stringify(zooms)}`);
      assert.ok(zooms.some((n) => /Encoder/.test(n ?? '')) && zooms.some((n) => /Decoder/.test(n ?? '')), JSON.stringify(zooms));
      const fits = names.filter((n) => /fit/i.test(n ?? ''));
      assert.equal(new Set(fits).size, 2, `Fit too: ${JSON.stringify(fits)}`);
    }));
});

describe('a continuation’s preview', () => {
  it('is not said again when its analysis is shown again after another one', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Predictions');
      await v.notify('preview', PREVIEW);
      await listen(v);
      await v.analysis({ ...CODE, id: 40, key: 40 });
      await v.analysis(CODE);
      const told = await said(v);
      assert.deepEqual(
        told.filter((s) => /return/.test(s)),
        [],
        `the text did not change: ${JSON.stringify(told)}`,
      );
      assert.equal(await v.page.locator('.preview-text').innerText(), ' return x', 'it is shown');
    }));
});

describe('the Model tab’s grid of heads', () => {
  it('says the head the arrow keys reach once, as the active cell, and the readout for the pointer', () =>
    withView(session, 'panel', async (v) => {
      await v.analysis(CODE);
      await openTab(v, 'Model');
      await v.page.locator('.model-grid').focus();
      await listen(v);
      await v.page.keyboard.press('ArrowRight');
      await v.page.keyboard.press('ArrowDown');
      await v.settle();
      const readout = v.page.getByTestId('model-readout');
      assert.match(await readout.innerText(), /^Layer 1, head 0:/, 'the readout still shows it');
      assert.deepEqual(
        (await said(v)).filter((s) => /Layer \d, head/.test(s)),
        [],
        'the active cell’s name says it: the readout does not say it again',
      );
      const box = await v.page.locator('.model-grid').boundingBox();
      assert.ok(box);
      await v.page.mouse.move(box.x + box.width - 4, box.y + box.height - 4);
      await v.page.mouse.move(box.x + 60, box.y + 40);
      await v.settle();
      const pointed = (await said(v)).filter((s) => /Layer \d, head/.test(s));
      assert.ok(pointed.length > 0, `pointing at a head is said by the readout: ${await readout.innerText()}`);
    }));
});
