// Telling a byte-level vocabulary (GPT-2 family) from the tokens it gave (byteLevel.ts isByteLevel),
// which every view and the CLI use to read pieces as text. Its space, newline and tab characters
// (Ġ Ċ ĉ) are not enough: a text with no whitespace ("río,niño", a line of Chinese, a minified
// line's tail) has none, and its pieces read as the byte alphabet's mojibake ("rÃŃo", "æĹ¥").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isByteLevel } from '../../../src/protocol/byteLevel';

const plain = (...texts: string[]) => texts.map((text) => ({ text, special: false }));

describe('isByteLevel', () => {
  it('sees the byte alphabet’s space, newline and tab', () => {
    assert.equal(isByteLevel([{ text: '[CLS]', special: true }, ...plain('Ġthe')]), true);
    assert.equal(isByteLevel(plain('a', 'Ċ')), true);
  });

  it('sees pieces that stand for UTF-8 text with no whitespace: whole characters in a piece, or split over pieces', () => {
    // "río,niño" from a byte-level tokenizer: "í" is Ã + Ń, "ñ" Ã + ±.
    assert.equal(isByteLevel(plain('r', 'ÃŃo', ',', 'n', 'i', 'Ã±o')), true);
    // "日本" with each of its six bytes a piece: no piece is a whole character, the run is.
    assert.equal(isByteLevel([{ text: '<|endoftext|>', special: true }, ...plain('æ', 'Ĺ', '¥', 'æ', 'ľ', '¬')]), true);
  });

  it('does not take other vocabularies for byte-level: WordPiece, SentencePiece, accented letters as themselves', () => {
    assert.equal(isByteLevel([{ text: '[CLS]', special: true }, ...plain('the', '##ing')]), false);
    assert.equal(isByteLevel(plain('r', '##ío', 'café', 'niño', 'ñ')), false, 'Latin-1 letters that are not UTF-8 bytes');
    assert.equal(isByteLevel(plain('▁casa', '▁del', '▁río')), false);
    assert.equal(isByteLevel(plain('čaj', 'łąka')), false, 'letters of the alphabet’s upper range that decode to ASCII controls only');
    assert.equal(isByteLevel(plain('日本', '語')), false);
    assert.equal(isByteLevel(plain('abc', 'def')), false, 'ASCII reads the same either way');
    assert.equal(isByteLevel([]), false);
  });
});
