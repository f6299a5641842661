// The token strip before any analysis (headless Chromium, the real page): Word Senses, the word-order
// experiment and the BERT tab open the panel before any text is analyzed; the strip then has nothing to
// show and must not stand there as an empty bordered box (it did after Word Senses and word order, in
// test-results/webview-repr-senses.png). Once an analysis comes, the strip shows its tokens.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView, type ViewPage } from './support/browser';
import { occurrencesAt, postSenses, sensesLayer, sensesMessage } from './support/senses';
import { bertMessage, NSP, postWordOrder, RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

const stripShown = (v: ViewPage): Promise<boolean> => v.page.locator('.token-strip').isVisible();

const senses = sensesMessage({
  id: 1,
  document: 'banco.es.txt',
  lines: [1, 2, 3],
  occurrences: occurrencesAt([0, 20, 40]),
  layers: [sensesLayer(0, [1, 1, 1, 1, 1, 1, 1, 1, 1], [[], [], []])],
});

describe('the token strip before any analysis', () => {
  it('is not shown after Word Senses, and shows the tokens once an analysis comes', () =>
    withView(session, 'panel', async (v) => {
      await postSenses(v, senses);
      assert.equal(await v.page.locator('.repr-senses').isVisible(), true, 'the senses are shown');
      assert.equal(await stripShown(v), false, 'no empty strip above the tabs');
      await v.analysis(RIVER);
      assert.equal(await stripShown(v), true, 'the analysis shows its tokens');
    }));

  it('is not shown after the word-order experiment', () =>
    withView(session, 'panel', async (v) => {
      await postWordOrder(v, 1);
      assert.equal(await stripShown(v), false);
    }));

  it('is not shown after the BERT tab opens on a next-sentence prediction', () =>
    withView(session, 'panel', async (v) => {
      await v.notify('bert', bertMessage(1, { nsp: NSP }));
      assert.equal(await stripShown(v), false);
    }));
});
