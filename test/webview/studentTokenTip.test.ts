// The token strip's readout of a token with no place in the text (headless Chromium, the real panel): a special
// token ([SEP]) is said to be special; a token the tokenizer added without text (a prepended "Ġ" or "▁") is not.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sharedSession, withView } from './support/browser';
import { focusToken } from './support/focus';
import { RIVER } from './support/specs';

const session = sharedSession();
after(() => session.close());

describe('the token readout of a token with no source range', () => {
  for (const [locale, special, added] of [
    ['en', 'no source (special token)', 'no source in the text (added by the tokenizer)'],
    ['es', 'sin origen en el texto (token especial)', 'sin origen en el texto (lo añadió el tokenizador)'],
  ] as const)
    it(`calls only a special token special (${locale})`, () =>
      withView(
        session,
        'panel',
        async (v) => {
          const built = await v.analysis(RIVER);
          // The same analysis again (its data kept under its key), "Ġthe" (token 2) now the tokenizer’s own invention: no range, not special.
          await v.notify('analysis', { ...built.shown, id: built.shown.id + 1, ranges: built.shown.ranges.map((r, i) => (i === 2 ? null : r)) });
          await v.settle();
          const tip = async (n: number): Promise<string> => {
            await focusToken(v, n);
            await v.settle();
            return (await v.page.locator('#token-tip').innerText()).replace(/\s+/g, ' ');
          };
          const sep = await tip(5);
          assert.ok(sep.includes(special), sep);
          const the = await tip(2);
          assert.ok(the.includes(added), the);
          assert.ok(!the.includes(special), the);
        },
        { locale },
      ));
});
