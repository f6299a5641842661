// What a word is (wordChars.ts): letters, marks, digits and "_" of any script, read by code point, so
// that a letter outside the Basic Multilingual Plane (mathematical italics, CJK Extension B, Osage)
// is part of its word rather than a boundary made of two lone surrogates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWholeWords, isWordChar, wordAround } from '../../../src/protocol/wordChars';

const around = (text: string, offset: number): string | null => {
  const w = wordAround(text, offset);
  return w ? text.slice(w.start, w.end) : null;
};

describe('word characters', () => {
  it('are letters, marks, digits and the underscore of any script', () => {
    for (const c of ['a', 'ñ', '\u0301', '٣', '_', '𝑥', '𠀀']) assert.equal(isWordChar(c), true, c);
    for (const c of [' ', '.', '-', '¿', '\u200b', '']) assert.equal(isWordChar(c), false, JSON.stringify(c));
  });
});

describe('the word at the cursor', () => {
  it('ends at punctuation and takes accents and combining marks', () => {
    assert.equal(around('el río.', 5), 'río');
    assert.equal(around('el río.', 6), 'río', 'a cursor at the end of a word is on it');
    assert.equal(around('el rio\u0301.', 4), 'rio\u0301');
    assert.equal(around('a . b', 2), null);
  });

  it('reads letters outside the Basic Multilingual Plane whole', () => {
    const text = 'let 𝑥𝑦 = 𠀀字;';
    assert.equal(around(text, text.indexOf('𝑥')), '𝑥𝑦', 'cursor before the word');
    assert.equal(around(text, text.indexOf('𝑦')), '𝑥𝑦', 'cursor inside it');
    assert.equal(around(text, text.indexOf(' =')), '𝑥𝑦', 'cursor at its end');
    assert.equal(around(text, text.indexOf('字')), '𠀀字');
    assert.equal(around(text, text.indexOf('𝑥') + 1), '𝑥𝑦', 'an offset between the halves of one character');
  });
});

describe('whole words', () => {
  it('are not cut at either end, in any plane', () => {
    const text = 'x 𝑎𝑏𝑐 y';
    const a = text.indexOf('𝑎');
    const c = text.indexOf('𝑐');
    assert.equal(isWholeWords(text, a, c + 2), true);
    assert.equal(isWholeWords(text, a, c), false, 'cuts before 𝑐');
    assert.equal(isWholeWords(text, a + 2, c + 2), false, 'cuts after 𝑎');
    assert.equal(isWholeWords(text, a, a + 1), false, 'half a character is no word');
  });
});
