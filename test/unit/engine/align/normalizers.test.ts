// Alignment through other normalizers and models (src/engine/align; plain Node): whole-string Replace, a
// normalizer that is not per-character, and Unigram with metaspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PreTrainedTokenizer } from '@huggingface/transformers';
import { tokenizerInfo } from '../../../../src/engine/align/tokenizerInfo';
import { align, slice, words } from './checks';
import { addedToken, wordPiece, metaspaceBpe } from '../../../support/tokenizers';

// ---- other normalizers and models ---------------------------------------------------------------------

test('whole-string Replace: a collapsed run of spaces maps to the whole run', () => {
  const tok = metaspaceBpe([{ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }]);
  const text = 'hola   hola';
  const a = align(tok, tokenizerInfo(tok), text);
  assert.deepEqual(a.tokens, ['<s>', '▁hola', '▁hola']);
  assert.deepEqual(
    a.spans.map((s) => (s.start === null ? null : slice(text, s))),
    [null, 'hola', '   hola'],
  );
});

test('a normalizer that is not per-character (final sigma) still aligns through the resync', () => {
  const tok = wordPiece([{ type: 'NFD' }, { type: 'Lowercase' }, { type: 'StripAccents' }], ['οδος', 'και']);
  const text = 'ΟΔΟΣ και ΟΔΟΣ';
  const a = align(tok, tokenizerInfo(tok), text);
  assert.deepEqual(a.tokens, ['[CLS]', 'οδος', 'και', 'οδος', '[SEP]']);
  assert.deepEqual(
    a.spans.map((s) => (s.start === null ? null : slice(text, s))),
    [null, 'ΟΔΟΣ', 'και', 'ΟΔΟΣ', null],
  );
});

test('Unigram with metaspace: [UNK] covers the unknown character, ▁ pieces start words', () => {
  const vocab = [
    ['<unk>', 0],
    ['<s>', 0],
    ['▁', -2],
    ['▁hola', -1],
    ['▁mundo', -1],
    ['h', -3],
    ['o', -3],
    ['la', -2],
  ];
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [addedToken(0, '<unk>'), addedToken(1, '<s>')],
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: false },
  };
  const tok = new PreTrainedTokenizer(json, { unk_token: '<unk>', bos_token: '<s>' });
  const info = tokenizerInfo(tok);
  assert.deepEqual([info.kind, info.unkId, info.metaspace], ['unigram', 0, '▁']);
  const text = 'hola ☃☃ mundo';
  const a = align(tok, info, text);
  assert.deepEqual(a.tokens, ['▁hola', '▁', '☃☃', '▁mundo'], 'transformers.js reports the fused unknown text as the token');
  assert.equal(a.ids[2], 0);
  assert.deepEqual(
    a.spans.map((s) => slice(text, s)),
    ['hola', ' ', '☃☃', ' mundo'],
  );
  assert.deepEqual(words(text, a), ['hola', ' ☃☃', ' mundo']);
});
