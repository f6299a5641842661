// Telling a byte-level vocabulary (GPT-2 family) from the tokens it gave (byteLevel.ts isByteLevel),
// which every view and the CLI use to read pieces as text. Its space, newline and tab characters
// (Ġ Ċ ĉ) are not enough: a text with no whitespace ("río,niño", a line of Chinese, a minified
// line's tail) has none, and its pieces read as the byte alphabet's mojibake ("rÃŃo", "æĹ¥").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isByteLevel, isUtf8 } from '../../../src/protocol/byteLevel';

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

describe('isUtf8', () => {
  it('judges bytes as a fatal TextDecoder does, without throwing', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const judged = (bytes: Uint8Array): boolean => {
      try {
        fatal.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    // Edges of every lead byte's range (overlongs, surrogates, past U+10FFFF, truncation), then random bytes.
    const edges = [0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x8f, 0x90, 0x9f, 0xa0];
    const cases: Uint8Array[] = [new Uint8Array(0)];
    for (const a of edges)
      for (const b of edges) for (const c of [0x80, 0xbf, 0x41]) cases.push(Uint8Array.of(a, b, c), Uint8Array.of(a, b, c, 0x80), Uint8Array.of(a, b));
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) % 256;
    for (let n = 0; n < 20_000; n++) {
      // Mostly high bytes, so that multi-byte sequences are common.
      cases.push(Uint8Array.from({ length: 1 + (n % 7) }, () => (random() < 64 ? random() % 128 : 128 + (random() % 128))));
    }
    for (const bytes of cases) assert.equal(isUtf8(bytes), judged(bytes), `bytes ${[...bytes].map((b) => b.toString(16)).join(' ')}`);
  });
});
