// Where the keyboard focus goes when a button's answer replaces the part of the page it was in, in
// headless Chromium: "Shuffle again" in the Representations tab stays focused when the new shuffle
// is drawn, and the side view's "Show the model’s scale" and "Analyze here", which the scale and
// the spotlight replace, hand the focus to what replaced them (its heading, where a screen reader
// goes on reading) rather than to the page's <body> (the top of the view).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView } from './support/browser';
import { focusedTagAndName } from './support/focus';
import { postWordOrder, RIVER, scaleMessage, SUMMARY } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('a button whose answer draws its part of the page again', () => {
  for (const locale of ['en', 'es'] as const)
    it(`keeps the focus: Shuffle again (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          const shuffle = locale === 'es' ? 'Volver a barajar' : 'Shuffle again';
          await v.analysis(RIVER);
          await postWordOrder(v, 1);
          await v.page.getByRole('button', { name: shuffle }).focus();
          await v.page.keyboard.press('Enter');
          await postWordOrder(v, 2);
          assert.equal(await focusedTagAndName(v), `BUTTON ${shuffle}`);
        },
        { locale },
      ));

  for (const locale of ['en', 'es'] as const)
    it(`hands the focus to what replaced it: the side view's scale (${locale})`, () =>
      withView(
        session,
        'side',
        async (v) => {
          await v.notify('summary', SUMMARY);
          await v.page.getByRole('button', { name: locale === 'es' ? 'Mostrar la escala del modelo' : 'Show the model’s scale' }).focus();
          await v.page.keyboard.press('Enter');
          await v.notify('scale', scaleMessage(6));
          assert.equal(await focusedTagAndName(v), `H3 ${locale === 'es' ? 'Escala' : 'Scale'}`);
          // A new scale (another model loaded) keeps it there.
          await v.notify('scale', scaleMessage(8));
          assert.equal(await focusedTagAndName(v), `H3 ${locale === 'es' ? 'Escala' : 'Scale'}`);
        },
        { locale, width: 320, height: 600 },
      ));

  for (const locale of ['en', 'es'] as const)
    it(`hands the focus to what replaced it: the side view's spotlight after Analyze here (${locale})`, () =>
      withView(
        session,
        'side',
        async (v) => {
          await v.notify('spotlight', { kind: 'outside', document: 'river.md', analyzed: null });
          await v.page.getByRole('button', { name: locale === 'es' ? 'Analizar aquí' : 'Analyze here' }).focus();
          await v.page.keyboard.press('Enter');
          // The analysis lights the cursor's token up: the list replaces the button.
          await v.notify('spotlight', {
            analysisId: 1,
            token: 'grass',
            view: 'layer 3, mean of heads',
            items: [{ label: 'the', weight: 0.3 }],
            bands: ['80–100%'],
          });
          assert.match(await focusedTagAndName(v), locale === 'es' ? /^H3 Foco de atención: .*grass/ : /^H3 Spotlight: grass attends to/);
          // The cursor leaves the analyzed text: the heading of what the spotlight says now keeps it.
          await v.notify('spotlight', { kind: 'outside', document: 'river.md', analyzed: 'lines 3–4' });
          assert.equal(await focusedTagAndName(v), locale === 'es' ? 'H3 Foco de atención' : 'H3 Spotlight');
        },
        { locale, width: 320, height: 600 },
      ));
});
