// Alignment with an uncased WordPiece tokenizer (src/engine/align; plain Node): accents, whitespace, [UNK],
// NSP pairs, CJK, typed special tokens and truncation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignTokens, textSegments, textTokenMask } from '../../../../src/engine/align/align';
import { tokenizerInfo } from '../../../../src/engine/align/tokenizerInfo';
import { align, slice, words, checkWordPiece } from './checks';
import { wordPiece } from '../../../support/tokenizers';

const wp = wordPiece();
const wpInfo = tokenizerInfo(wp);

test('tokenizerInfo reads an uncased WordPiece tokenizer', () => {
  assert.equal(wpInfo.kind, 'wordpiece');
  assert.equal(wpInfo.continuingPrefix, '##');
  assert.equal(wpInfo.byteLevel, false);
  assert.equal(wpInfo.unkId, 1);
});

test('WordPiece: accents, ñ and ü are stripped yet spans cover the original characters', () => {
  const text = 'La ATENCIÓN, ñandú y pingüino.';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.tokens, ['[CLS]', 'la', 'atencion', ',', 'nandu', 'y', 'pin', '##gu', '##ino', '.', '[SEP]']);
  checkWordPiece(wp, text, a);
  assert.deepEqual(
    a.spans.map((s) => slice(text, s)),
    ['', 'La', 'ATENCIÓN', ',', 'ñandú', 'y', 'pin', 'gü', 'ino', '.', ''],
  );
  assert.deepEqual(words(text, a), ['La', 'ATENCIÓN', ',', 'ñandú', 'y', 'pingüino', '.']);
  assert.deepEqual(
    a.spans.map((s) => s.word),
    [null, 0, 1, 2, 3, 4, 5, 5, 5, 6, null],
  );
});

test('WordPiece: decomposed (NFD) input maps the base letter and skips the dropped mark', () => {
  const text = 'aten\u0063io\u0301n es todo';
  const a = align(wp, wpInfo, text);
  checkWordPiece(wp, text, a);
  assert.deepEqual([a.spans[1]!.start, a.spans[1]!.end], [0, 9], 'the combining mark stays inside the word');
});

test('WordPiece: CRLF, tabs, runs of spaces and leading/trailing whitespace', () => {
  const text = '  \tHola,\r\n\r\n   mundo\t!  \r\n';
  const a = align(wp, wpInfo, text);
  checkWordPiece(wp, text, a);
  assert.deepEqual(
    a.spans.filter((s) => s.word !== null).map((s) => [s.start, s.end]),
    [
      [3, 7],
      [7, 8],
      [15, 20],
      [21, 22],
    ],
  );
});

test('WordPiece: [UNK] covers the pre-token word that became unknown', () => {
  const text = 'hola ☃ y 🙂x, mundo☃';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.tokens.filter((t) => t === '[UNK]').length, 3);
  checkWordPiece(wp, text, a, ['☃', '🙂x', 'mundo☃']);
  assert.deepEqual(words(text, a), ['hola', '☃', 'y', '🙂x', ',', 'mundo☃']);
});

test('WordPiece: an NSP pair aligns each sentence to its own text', () => {
  const [first, second] = ['Hola  mundo.', 'Es todo ☃!'];
  const full = wp._tokenizer.encode(first, { text_pair: second }).ids;
  const seg = textSegments(
    full,
    [first, second].map((t) => wp._tokenizer.encode(t, { add_special_tokens: false }).ids),
  );
  assert.deepEqual(seg, [-1, 0, 0, 0, -1, 1, 1, 1, 1, -1]);
  const spansA = alignTokens(
    first,
    wpInfo,
    full,
    seg.map((s) => s !== 0),
  );
  const spansB = alignTokens(
    second,
    wpInfo,
    full,
    seg.map((s) => s !== 1),
  );
  const got = full.map((_, i) => (seg[i] === 0 ? slice(first, spansA[i]!) : seg[i] === 1 ? slice(second, spansB[i]!) : null));
  assert.deepEqual(got, [null, 'Hola', 'mundo', '.', null, 'Es', 'todo', '☃', '!', null]);
  assert.deepEqual(
    spansB.map((s) => s.word),
    [null, null, null, null, null, 0, 1, 2, 3, null],
  );
});

test('WordPiece: CJK characters padded by the normalizer', () => {
  const text = 'hola中文!';
  const a = align(wp, wpInfo, text);
  checkWordPiece(wp, text, a);
  assert.deepEqual(words(text, a), ['hola', '中', '文', '!']);
});

test('WordPiece: a [MASK] typed in the text is one token and keeps its span', () => {
  const text = 'the river [MASK] x';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.tokens, ['[CLS]', 'the', 'river', '[MASK]', 'x', '[SEP]']);
  assert.deepEqual(a.special, [true, false, false, false, false, true]);
  checkWordPiece(wp, text, a);
  assert.deepEqual(words(text, a), ['the', 'river', '[MASK]', 'x']);
});

test('WordPiece: a typed [CLS] is told apart from the template one', () => {
  const text = '[CLS] on';
  const a = align(wp, wpInfo, text);
  assert.deepEqual(a.special, [true, false, false, true]);
  assert.deepEqual(
    a.spans.map((s) => (s.start === null ? null : slice(text, s))),
    [null, '[CLS]', 'on', null],
  );
});

test('textTokenMask survives transformers.js truncation, which drops the final [SEP]', () => {
  const text = 'hola mundo es todo';
  const full = wp(text, { truncation: true, max_length: 4, return_tensor: false }).input_ids as number[];
  assert.deepEqual(full, [2, 17, 18, 19], 'the tail is cut, [SEP] included');
  const special = textTokenMask(full, wp._tokenizer.encode(text, { add_special_tokens: false }).ids);
  assert.deepEqual(special, [true, false, false, false]);
  assert.deepEqual(
    alignTokens(text, wpInfo, full, special).map((s) => (s.start === null ? null : slice(text, s))),
    [null, 'hola', 'mundo', 'es'],
  );
});
