// transformers.js's private inner tokenizer is reached in one place (src/engine/model.ts, innerTokenizer),
// which checks its shape and says clearly when a later transformers.js changes it (plain Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { innerTokenizer } from '../../../src/engine/model';
import { EngineError } from '../../../src/engine/errors';
import { wordPiece } from '../../support/tokenizers';
import { ROOT as root } from '../../support/paths';

test('innerTokenizer: a real tokenizer gives its inner encode (ids and pieces, no tensors)', () => {
  const tok = wordPiece();
  const inner = innerTokenizer(tok);
  const enc = inner.encode('hola mundo', { add_special_tokens: false });
  assert.ok(enc.ids.length > 0 && enc.ids.every((id) => Number.isInteger(id)));
  assert.equal(enc.tokens.length, enc.ids.length);
  assert.equal(innerTokenizer(tok), inner, 'checked once, then kept');
});

test('innerTokenizer: a tokenizer without _tokenizer.encode is refused with a line naming transformers.js', () => {
  const changed = [{}, { _tokenizer: null }, { _tokenizer: {} }, { _tokenizer: { encode: 'no' } }, { _inner: { encode: () => ({}) } }];
  for (const shape of changed) {
    assert.throws(
      () => innerTokenizer(shape as unknown as PreTrainedTokenizer),
      (e: unknown) => e instanceof EngineError && e.code === 'internal' && /transformers\.js/.test(e.message) && /_tokenizer/.test(e.message),
      JSON.stringify(shape),
    );
  }
});

test('no source file outside src/engine/model.ts reaches _tokenizer itself', () => {
  const src = path.join(root, 'src');
  const files = readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && path.join('src', f) !== path.join('src', 'engine', 'model.ts'));
  assert.ok(files.length > 20, 'the walk found the sources');
  const reaching = files.filter((f) => /\._tokenizer\b|\b_tokenizer\s*[:?]/.test(readFileSync(path.join(src, f), 'utf8')));
  assert.deepEqual(reaching, []);
});
