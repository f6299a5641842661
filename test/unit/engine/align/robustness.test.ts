// Alignment on odd and random input, and at length (src/engine/align; plain Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignTokens } from '../../../../src/engine/align/align';
import { tokenizerInfo } from '../../../../src/engine/align/tokenizerInfo';
import { align, slice, checkOrderAndSpecials, checkWordPiece, checkBytes } from './checks';
import { wordPiece, byteBpe, metaspaceBpe } from '../../../support/tokenizers';

const wp = wordPiece();
const wpInfo = tokenizerInfo(wp);
const bpe = byteBpe();
const bpeInfo = tokenizerInfo(bpe);

// ---- robustness -----------------------------------------------------------------------------------------

test('odd input never throws and never corrupts later offsets', () => {
  assert.deepEqual(alignTokens('', wpInfo, [2, 3], [true, true]), [
    { start: null, end: null, word: null },
    { start: null, end: null, word: null },
  ]);
  const text = 'hola mundo';
  const spans = alignTokens(text, wpInfo, [2, 17, 999, 9, 18, 3], [true, false, false, false, false, true]);
  assert.equal(slice(text, spans[1]!), 'hola');
  assert.deepEqual([spans[2]!.start, spans[2]!.end], [4, 4], 'an unknown id gets a zero-width span');
  assert.deepEqual([spans[3]!.start, spans[3]!.end], [4, 4], 'a token not in the text (nandu) too');
  assert.equal(slice(text, spans[4]!), 'mundo');
  const lost = alignTokens(text, bpeInfo, [1, 2, 3], []);
  assert.equal(lost.length, 3);
  for (const s of lost) assert.ok(s.start !== null && s.start === s.end);
});

test('random text over tricky characters aligns exactly with every tokenizer', () => {
  const alphabet = [
    'a',
    'n',
    'o',
    'la',
    'hola',
    ' ',
    '  ',
    '\t',
    '\r\n',
    '\n',
    'ó',
    'ñ',
    'ü',
    'e\u0301',
    'Ñ',
    ',',
    '.',
    '!',
    '🙂',
    '👨‍👩‍👧',
    '中',
    '☃',
    '[MASK]',
    '\u200d',
    '\ufe0f',
    '\ud800',
    '\u0000',
    '\u00a0',
  ];
  const ms = metaspaceBpe(),
    msInfo = tokenizerInfo(ms);
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 150; round++) {
    const text = Array.from({ length: 1 + rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
    checkWordPiece(wp, text, align(wp, wpInfo, text), null);
    checkBytes(text, align(bpe, bpeInfo, text));
    checkOrderAndSpecials(text, align(ms, msInfo, text));
  }
});

test('512+ tokens align in linear time', () => {
  const text = 'Hello, world! ñandú 🙂\r\n\t'.repeat(200);
  const ids = bpe._tokenizer.encode(text).ids;
  assert.ok(ids.length > 2000);
  const t0 = performance.now();
  const spans = alignTokens(
    text,
    bpeInfo,
    ids,
    ids.map((_, i) => i === 0),
  );
  const ms = performance.now() - t0;
  assert.ok(ms < 500, `took ${ms} ms`);
  assert.equal(spans.at(-1)!.end, text.length);
  const wtext = 'La atención del pingüino ☃ es todo. '.repeat(100);
  const wids = wp._tokenizer.encode(wtext).ids;
  const t1 = performance.now();
  alignTokens(
    wtext,
    wpInfo,
    wids,
    wids.map((_, i) => i === 0 || i === wids.length - 1),
  );
  assert.ok(performance.now() - t1 < 500);
});
