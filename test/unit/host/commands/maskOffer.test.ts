// Mask Word's choices handed to a script (maskOffer.ts): a token filler that is a piece of a
// character reads as the quick pick reads it, not as the raw U+FFFD a script would write into the
// text; what goes into the document stays the filler's own text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { offerChoices, offerText, type Offer } from '../../../../src/host/commands/maskOffer';
import { t } from '../../../../src/host/l10n';

describe('Mask Word choices', () => {
  const tokens: Offer = {
    whole: false,
    fillers: [
      { token: ' río', id: 7, p: 0.5 },
      { token: '\uFFFD', id: 163, p: 0.2 },
      { token: ' \uFFFD', id: 164, p: 0.1 },
    ],
  };

  it('reads a token filler that is a piece of a character as the list does, with its token number', () => {
    const choices = offerChoices(tokens, t);
    assert.deepEqual(choices, [' río', 'part of a character (token 163)', 'space + part of a character (token 164)']);
    assert.ok(!choices.some((c) => c.includes('\uFFFD')), JSON.stringify(choices));
  });

  it('keeps the text that goes into the document as the model writes it', () => {
    assert.deepEqual(
      [0, 1, 2].map((k) => offerText(tokens, k)),
      [' río', '\uFFFD', ' \uFFFD'],
    );
  });

  it('hands whole words trimmed, as they are put in', () => {
    const words: Offer = { whole: true, fillers: [{ text: ' banco', ids: [1, 2], p: 0.3 }] };
    assert.deepEqual(offerChoices(words, t), ['banco']);
    assert.equal(offerText(words, 0), 'banco');
  });
});
