// The layer lens's watch list for a keyboard and screen-reader user, in headless Chromium on the real
// panel: each watched word's button says what it does ("Stop watching the", not "the ×"), and
// removing one by keyboard hands the focus to the next word's button, or to the field when none is
// left, rather than dropping it on the page's <body>.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openTab, sharedSession, withView } from './support/browser';
import { focusedIdOrName } from './support/focus';
import { openInside } from './support/insideFixtures';

const session = sharedSession();
after(() => session.close());

describe('the layer lens’s watch list', () => {
  for (const [locale, names] of [
    ['en', { inside: 'Inside', lens: 'Layer lens', stop: (w: string) => `Stop watching ${w}` }],
    ['es', { inside: 'Por dentro', lens: 'Lente por capas', stop: (w: string) => `Dejar de seguir ${w}` }],
  ] as const)
    it(`names each remove button, and removing one keeps the focus in the list (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await openInside(v, names.inside);
          await openTab(v, names.lens);
          for (const word of ['the', 'side']) {
            await v.page.locator('#lens-watch').fill(word);
            await v.page.locator('#lens-watch').press('Enter');
          }
          await v.settle();
          const remove = (w: string) => v.page.getByRole('button', { name: names.stop(w), exact: true });
          assert.equal(await remove('the').count(), 1);
          await remove('the').focus();
          await v.page.keyboard.press('Enter');
          await v.settle();
          assert.equal(await focusedIdOrName(v), names.stop('side'), 'the next word’s button');
          await v.page.keyboard.press('Enter');
          await v.settle();
          assert.equal(await focusedIdOrName(v), 'lens-watch', 'none left: the field to type another');
        },
        { locale },
      ));
});
