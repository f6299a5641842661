// The BERT tab for a keyboard and screen-reader user, in headless Chromium on the real panel: "Try a
// random B" keeps the focus when the new pair's prediction is drawn in its place; each token of the
// [CLS] A [SEP] B [SEP] strip says which sentence it belongs to (its colour alone said it); and the
// fine-tuning figures' table has column headers and each label as its row's header.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView } from './support/browser';
import { focusedTagAndName } from './support/focus';
import { bertMessage, NSP, TUNE } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('the BERT tab by keyboard and screen reader', () => {
  it('keeps the focus on “Try a random B” when the new pair is drawn', () =>
    withView(session, 'panel', async (v) => {
      await v.notify('bert', bertMessage(1, { nsp: NSP }));
      await v.page.getByRole('button', { name: 'Try a random B' }).focus();
      await v.page.keyboard.press('Enter');
      await v.notify('bert', bertMessage(2, { nsp: { ...NSP, b: 'Another one.' } }));
      assert.equal(await focusedTagAndName(v), 'BUTTON Try a random B');
    }));

  for (const [locale, a, b] of [
    ['en', 'sentence A', 'sentence B'],
    ['es', 'oración A', 'oración B'],
  ] as const)
    it(`names each token of the strip with its sentence, not by colour alone (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.notify('bert', bertMessage(1, { nsp: NSP }));
          const tree = await v.page.locator('.bert-strip').ariaSnapshot();
          const items = tree.split('\n').filter((l) => /listitem/.test(l));
          assert.equal(items.length, 7, tree);
          assert.match(items[1], new RegExp(`I.*${a}`), tree);
          assert.match(items[5], new RegExp(`will.*${b}`), tree);
          assert.doesNotMatch(items[0], /sentence|oración/, tree);
        },
        { locale },
      ));

  it('gives the per-label figures’ table column headers and each label as its row’s header', () =>
    withView(session, 'panel', async (v) => {
      await v.notify('bert', bertMessage(1, { fineTune: TUNE }));
      const table = v.page.locator('table.bert-classes');
      assert.deepEqual(
        await table
          .locator('tr')
          .first()
          .locator('th')
          .evaluateAll((ths) => ths.map((th) => th.getAttribute('scope'))),
        ['col', 'col', 'col', 'col', 'col'],
      );
      assert.deepEqual(await table.locator('th[scope="row"]').allInnerTexts(), ['code', 'prose <b>']);
      assert.ok(await table.getAttribute('aria-label'), 'the table has a name');
    }));
});
