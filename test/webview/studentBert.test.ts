// The BERT tab names its sections with the lecture's terms, so that a student who reads «Codificación posicional»
// in the lecture finds it here (headless Chromium, the real page, English and Spanish).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView } from './support/browser';
import { bertMessage, learnedPositions } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('the BERT tab in the lecture’s words', () => {
  for (const [locale, heading] of [
    ['en', 'Positional encoding'],
    ['es', 'Codificación posicional'],
  ] as const)
    it(`heads the learned position table “${heading}” (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          await v.notify('bert', bertMessage(1, { positions: learnedPositions('tiny-bert-es-en', 64, false) }));
          await v.settle();
          const section = v.page.locator('.bert-positions');
          assert.equal((await section.locator('h2').innerText()).trim(), heading);
          assert.equal(await section.getAttribute('aria-label'), heading);
        },
        { locale },
      ));
});
