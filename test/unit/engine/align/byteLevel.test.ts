// Alignment with byte-level and metaspace BPE tokenizers (src/engine/align; plain Node): leading spaces,
// multi-byte characters, invented prefix spaces and byte-fallback pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizerInfo } from '../../../../src/engine/align/tokenizerInfo';
import { align, slice, words, checkOrderAndSpecials, checkBytes } from './checks';
import { enc, byteBpe, metaspaceBpe } from '../../../support/tokenizers';

// ---- byte-level BPE -------------------------------------------------------------------------------------

const bpe = byteBpe();
const bpeInfo = tokenizerInfo(bpe);

test('tokenizerInfo reads a byte-level BPE tokenizer', () => {
  assert.equal(bpeInfo.kind, 'bpe');
  assert.equal(bpeInfo.byteLevel, true);
  assert.equal(bpeInfo.metaspace, null);
});

test('byte-level BPE: spans include the leading space; words follow whitespace and punctuation', () => {
  const text = 'Hello, world!! foo_bar x.y';
  const a = align(bpe, bpeInfo, text);
  checkBytes(text, a);
  assert.equal(slice(text, a.spans[a.tokens.indexOf('Ġworld')]!), ' world');
  assert.deepEqual(words(text, a), ['Hello', ',', ' world', '!!', ' foo_bar', ' x', '.', 'y']);
});

test('byte-level BPE: multi-byte characters, partial tokens widen to whole characters', () => {
  const text = 'ñandú 🙂 👨‍👩‍👧 中文 e\u0301';
  const a = align(bpe, bpeInfo, text);
  checkBytes(text, a);
  const emoji = a.spans.filter((s) => slice(text, s) === '🙂');
  assert.equal(emoji.length, 3, 'ð+Ł merge and two single bytes all map to 🙂');
  assert.equal(new Set(emoji.map((s) => s.word)).size, 1);
  assert.deepEqual(words(text, a), ['ñandú', ' 🙂', ' 👨‍👩‍👧', ' 中文', ' e\u0301']);
});

test('byte-level BPE: CRLF, tabs, runs of spaces, leading and trailing whitespace', () => {
  const text = '  Hello\r\n\tworld   x  \r\n';
  const a = align(bpe, bpeInfo, text);
  checkBytes(text, a);
  assert.equal(
    a.spans
      .filter((s) => s.start !== null)
      .map((s) => slice(text, s))
      .join(''),
    text,
    'spans tile the text',
  );
});

test('byte-level BPE: add_prefix_space gives the first word no invented character', () => {
  const tok = byteBpe(true);
  const text = 'Hello world';
  const a = align(tok, tokenizerInfo(tok), text);
  assert.deepEqual(a.tokens.slice(1, 3), [enc(' '), 'Hello'], 'the invented space is a token of its own');
  assert.deepEqual([a.spans[1]!.start, a.spans[1]!.end], [0, 0]);
  checkBytes(text, a, true);
  assert.deepEqual(words(text, a), ['Hello', ' world']);
});

// ---- metaspace BPE with byte fallback -------------------------------------------------------------------

test('metaspace BPE: ▁ stands for the space before it, byte-fallback pieces widen to their character', () => {
  const tok = metaspaceBpe();
  const info = tokenizerInfo(tok);
  assert.equal(info.metaspace, '▁');
  const text = 'hola ñandú  hola 🙂';
  const a = align(tok, info, text);
  checkOrderAndSpecials(text, a);
  const got = a.spans.map((s) => (s.start === null ? null : slice(text, s)));
  assert.equal(got[1], 'hola', 'the prepended ▁ has no source text');
  assert.ok(got.includes(' hola'));
  assert.equal(got.filter((g) => g === '🙂').length, 4);
  assert.deepEqual(words(text, a), ['hola', ' ñandú', ' ', ' hola', ' 🙂']);
});
