// How tokens, ranges and numbers read on screen (format.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  barWidth,
  formatBits,
  formatCosine,
  formatDecimal,
  formatExact,
  formatPercent,
  formatRange,
  formatScientific,
  formatSignificant,
  isByteLevel,
  parseDecimal,
  stripLabel,
  tokenLabel,
  tokenLabels,
  tokenSource,
} from '../../../../webview/common/format';

describe('token labels and formats', () => {
  it('decodes byte-level tokens and makes whitespace visible', () => {
    assert.equal(tokenLabel('Ġthe', true), '␣the');
    assert.equal(tokenLabel('ĊĠĠĠ', true), 'newline + 3 spaces', 'a whitespace-only token reads in words in a list');
    assert.equal(tokenLabel('Ċĉĉ', true), 'newline + 2 tabs');
    assert.equal(tokenLabel('Ġ', true), 'space');
    assert.equal(stripLabel('ĊĠĠĠ', true), '↵␣␣␣', 'the strip keeps the compact glyphs');
    assert.deepEqual(
      tokenLabels(
        [
          { text: 'Ċĉĉ', special: false },
          { text: 'Ġthe', special: false },
        ],
        true,
      ),
      ['↵⇥⇥', '␣the'],
    );
    assert.equal(tokenSource('ĠestÃ¡', true), ' está');
    assert.equal(stripLabel('ĠÃ', true), '␣\uFFFD', 'half a character: U+FFFD, not the byte alphabet’s «Ã»');
    assert.equal(tokenLabel('[CLS]', true), '[CLS]');
    assert.equal(tokenLabel('', true), '∅');
  });

  it('leaves WordPiece text alone, except SentencePiece spaces', () => {
    assert.equal(tokenLabel('##ing', false), '##ing');
    assert.equal(tokenLabel('café', false), 'café');
    assert.equal(tokenLabel('▁word', false), '␣word');
    assert.equal(tokenLabel('<img src=x>', false), '<img␣src=x>');
  });

  it('detects byte-level vocabularies by their space and newline characters', () => {
    assert.equal(
      isByteLevel([
        { text: '[CLS]', special: true },
        { text: 'Ġthe', special: false },
      ]),
      true,
    );
    assert.equal(
      isByteLevel([
        { text: '[CLS]', special: true },
        { text: 'the', special: false },
        { text: '##ing', special: false },
      ]),
      false,
    );
  });

  it('formats ranges 1-based, percentages, bits and bar widths', () => {
    assert.equal(formatRange({ startLine: 0, startCharacter: 6, endLine: 0, endCharacter: 12 }, false), '1:7–1:13');
    assert.equal(formatRange(null, true), 'no source (special token)');
    assert.deepEqual([0.412, 0.2, 1, 0.0004, 0.00001, 0, Number.NaN].map(formatPercent), ['41.2%', '20.0%', '100.0%', '0.040%', '0.0010%', '0%', '—']);
    assert.equal(formatBits(5), '5.00 bits');
    assert.deepEqual([0.5, 1.5, -1, Number.NaN].map(barWidth), ['50.00%', '100.00%', '0.00%', '0.00%']);
  });

  it('writes a cosine with three decimals whatever its size and sign, unlike a weight (no significant digits near zero)', () => {
    assert.deepEqual([1, 0.93, -0.2, -1, Number.NaN].map(formatCosine), ['1.000', '0.930', '\u22120.200', '\u22121.000', '—']);
    // Nearly orthogonal either way reads the same: a weight's 0.00021 would make the positive side look measured.
    assert.deepEqual([0.00021, -0.00021, 0].map(formatCosine), ['0.000', '0.000', '0.000']);
  });
});

describe('tokenLabels', () => {
  it('decodes a character split over byte-level tokens together and labels each part', () => {
    // "atención": ... "Ã" "³" are the two UTF-8 bytes of "ó" in GPT-2's byte alphabet.
    const tokens = ['Ġat', 'enci', 'Ã', '³', 'n', '[SEP]'].map((text) => ({ text, special: text === '[SEP]' }));
    assert.deepEqual(tokenLabels(tokens, true), ['␣at', 'enci', 'ó[1/2]', 'ó[2/2]', 'n', '[SEP]']);
    assert.deepEqual(tokenLabels([{ text: 'Ã', special: false }], true), ['\uFFFD'], 'a lone piece decodes as the tokenizer decodes it, not as «Ã»');
    assert.equal(tokenLabel('Ã', true), 'part of a character', 'and a list says what it is');
    assert.equal(tokenLabel('ĠÃ', true), 'space + part of a character');
    assert.deepEqual(tokenLabels([{ text: '##ing', special: false }], false), ['##ing']);
  });
});

describe('numbers JavaScript writes, in the page language', () => {
  it('keeps the digits toPrecision, toExponential and String choose (English, the page language in Node)', () => {
    // The digits are JavaScript's; every sign is the page's minus, U+2212 (numberFormat.ts).
    const signs = (s: string): string => s.replace(/-/g, '\u2212');
    for (const x of [1, 0.1, 0.01, 1e-9, -0.265625, 0.1 + 0.2, Math.fround(0.1), -1234.5, 5e-7, 0]) {
      assert.equal(formatSignificant(x, 3), signs(x.toPrecision(3)));
      assert.equal(formatScientific(x, 3), signs(x.toExponential(3)));
      if (Math.abs(x) < 1000) assert.equal(formatExact(x), signs(String(x)));
    }
    assert.equal(formatExact(-1234.5), '\u22121,234.5', 'grouped as the language groups');
  });

  it('writes a negative number with the sign of −∞ beside it, and reads that sign back', () => {
    assert.deepEqual([formatDecimal(-6.9, 2), formatExact(-Infinity), formatScientific(-0.00123, 2)], ['\u22126.90', '\u2212∞', '\u22121.23e\u22123']);
    assert.equal(parseDecimal('\u22120.5'), -0.5);
  });

  it('writes infinities as symbols and not-a-number as a dash', () => {
    assert.equal(formatExact(-Infinity), '−∞');
    assert.equal(formatScientific(Infinity, 1), '∞');
    assert.equal(formatSignificant(Number.NaN, 3), '—');
  });
});
