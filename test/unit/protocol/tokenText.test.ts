// How whitespace and probabilities read (tokenText.ts, percent.ts): whitespace-only tokens in words
// in lists, glyphs where room is short, whole words with their leading newline said in words, and
// percentages without exponents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localePercent } from '../../../src/protocol/numberFormat';
import {
  completedWord,
  isBlank,
  isCharacterPiece,
  readCandidate,
  readToken,
  readWord,
  showWhitespace,
  spellWhitespace,
  whitespaceWords,
  type Translate,
} from '../../../src/protocol/tokenText';

const percent = (p: number): string => localePercent(p, 'en');
const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

describe('whitespace in words', () => {
  it('names runs of spaces, newlines and tabs, a Windows line end as one newline', () => {
    assert.equal(whitespaceWords(' ', english), 'space');
    assert.equal(whitespaceWords('    ', english), '4 spaces');
    assert.equal(whitespaceWords('\n    ', english), 'newline + 4 spaces');
    assert.equal(whitespaceWords('\r\n\t\t', english), 'newline + 2 tabs');
    assert.equal(whitespaceWords('\n\n', english), '2 newlines');
    assert.equal(whitespaceWords('\u00a0', english), 'space U+00A0');
  });

  it('goes through the localization function with the counts as arguments', () => {
    const seen: string[] = [];
    const spy: Translate = (message, ...args) => {
      seen.push(message);
      return english(message, ...args);
    };
    whitespaceWords('\n  ', spy);
    assert.deepEqual(seen, ['newline', '{0} spaces']);
  });

  it('shows Unicode spaces other than " " as escapes where glyphs are shown, never as a blank', () => {
    // A byte-level tokenizer splits U+00A0 into two pieces; the hover names the character of each
    // ("\\u00A0[1/2]"), which raw would read as nothing before "[1/2]".
    assert.equal(showWhitespace('\u00a0'), '\\u00A0');
    assert.equal(showWhitespace('a\u3000b '), 'a\\u3000b␣');
    assert.equal(readToken('x\u2009', english), 'x\\u2009', 'a thin space inside a token');
    assert.equal(readToken('\u00a0', english), 'space U+00A0', 'a token of spaces still reads in words');
  });

  it('reads a whitespace-only token in words and any other token with glyphs', () => {
    assert.equal(readToken('\n', english), 'newline');
    assert.equal(readToken(' ', english), 'space');
    assert.equal(readToken(' b', english), '␣b');
    assert.equal(readToken('ity', english), 'ity');
    assert.equal(readToken('', english), '∅');
    assert.equal(readToken('\uFFFD', english), 'part of a character', 'a byte of a split character is not "�"');
    assert.equal(readToken(' \uFFFD', english), 'space + part of a character');
    assert.equal(readToken('a\uFFFD', english), 'a\uFFFD', 'a piece with text keeps its text');
    assert.equal(isBlank(''), false);
    assert.equal(showWhitespace('\n  '), '↵␣␣', 'the strip keeps one glyph per character');
  });

  it('tells apart the candidates that are each a part of a character, by their token number', () => {
    // Next Word's token list inside a Hebrew word: several byte pieces, each "\uFFFD" alone.
    const labels = [
      { token: '\uFFFD', id: 163 },
      { token: '\uFFFD', id: 164 },
      { token: ' \uFFFD', id: 220 },
    ].map((c) => readCandidate(c, english));
    assert.deepEqual(labels, ['part of a character (token 163)', 'part of a character (token 164)', 'space + part of a character (token 220)']);
    assert.equal(readCandidate({ token: ' b', id: 65 }, english), '␣b', 'a whole token reads as it did');
  });

  it('knows a piece of a character (alone, or after whitespace) from a token that holds one among other text', () => {
    assert.deepEqual(['\uFFFD', ' \uFFFD\uFFFD', '\n\uFFFD'].map(isCharacterPiece), [true, true, true]);
    assert.deepEqual(['a\uFFFD', '\uFFFDb', ' ', ''].map(isCharacterPiece), [false, false, false, false]);
  });

  it('spells out the whitespace of a token that has some, for the glyphs ␣ ↵ ⇥ the strip shows (null when it has none)', () => {
    assert.equal(spellWhitespace(' river', english), 'space + river');
    assert.equal(spellWhitespace('\n    return', english), 'newline + 4 spaces + return');
    assert.equal(spellWhitespace('a b\t', english), 'a + space + b + tab');
    assert.equal(spellWhitespace('\n', english), 'newline');
    assert.equal(spellWhitespace('river', english), null);
    assert.equal(spellWhitespace('', english), null);
    assert.equal(spellWhitespace(' \uFFFD', english), null, 'a piece of a split character: its label says which');
  });

  it('reads a whole word without its usual leading space, other whitespace around it in words', () => {
    assert.equal(readWord(' river', english), 'river');
    assert.equal(readWord('river', english), 'river');
    assert.equal(readWord('\n    return', english), 'newline + 4 spaces + return');
    assert.equal(readWord('  x', english), '2 spaces + x');
    assert.equal(readWord(' river bank', english), 'river bank', 'a space inside a phrase stays a space');
    assert.equal(readWord('end\n', english), 'end + newline');
    assert.equal(readWord('\n', english), 'newline');
  });
});

describe('a completion of the word at the cursor reads as the whole word', () => {
  it('joins the word before the cursor and the completion', () => {
    assert.equal(completedWord('sat on the gr', 'ass'), 'grass');
    assert.equal(completedWord('la canci', 'ón'), 'canción', 'accented letters continue a word');
    assert.equal(completedWord('items.fil', 'ter'), 'filter', 'code: the identifier after the dot');
    assert.equal(completedWord('año 20', '26'), '2026');
  });

  it('is null where the completion starts a new word or no word ends at the cursor', () => {
    assert.equal(completedWord('sat on the', ' grass'), null, 'a space first: a new word');
    assert.equal(completedWord('the water', '.'), null, 'punctuation first');
    assert.equal(completedWord('the water ', 'was'), null, 'the cursor after a space');
    assert.equal(completedWord('', 'word'), null);
    assert.equal(completedWord('gr', ''), null);
    assert.equal(completedWord('end\n', 'next'), null);
  });

  it('keeps only the end of a very long word, and reads only the end of the text before', () => {
    const long = 'x'.repeat(2_000_000);
    assert.equal(completedWord(long, 'yz'), `…${'x'.repeat(40)}yz`);
    assert.equal(completedWord(`${'a'.repeat(10)} ${'b'.repeat(39)}`, 'c'), `${'b'.repeat(39)}c`);
    assert.equal(completedWord('🙂ab', 'c'), 'abc', 'an emoji is not part of a word');
  });
});

describe('percentages people read', () => {
  it('keeps one decimal from 1% up and two significant digits below, never an exponent', () => {
    assert.equal(percent(0.412), '41.2%');
    assert.equal(percent(1), '100.0%');
    assert.equal(percent(0.0037), '0.37%');
    assert.equal(percent(0.00024), '0.024%', 'the hover used to print 2.4e-2%');
    assert.equal(percent(0.0000123), '0.0012%');
    assert.equal(percent(0.0000001), '<0.0001%');
    assert.equal(percent(0.009996), '1.0%', 'rounding up to 1% switches to the one-decimal form');
    assert.equal(percent(0), '0%');
    assert.equal(percent(Number.NaN), '—');
    for (const p of [1e-5, 3.3e-5, 0.000999, 0.005]) assert.doesNotMatch(percent(p), /e/);
  });
});
