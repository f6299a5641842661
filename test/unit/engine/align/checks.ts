// Shared checks of the alignment tests (plain Node): align a text with a tokenizer the way the engine does,
// and check that every span slices out exactly what its token stands for.
import assert from 'node:assert/strict';
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { alignTokens, textTokenMask } from '../../../../src/engine/align/align';
import type { TokenizerInfo } from '../../../../src/engine/align/tokenizerInfo';
import type { TokenSpan } from '../../../../src/engine/align/words';
import { U2B } from '../../../support/tokenizers';

export interface Aligned {
  ids: number[];
  tokens: string[];
  special: boolean[];
  spans: TokenSpan[];
}

export function align(tok: PreTrainedTokenizer, info: TokenizerInfo, text: string): Aligned {
  const full = tok._tokenizer.encode(text);
  const textOnly = tok._tokenizer.encode(text, { add_special_tokens: false }).ids;
  const special = textTokenMask(full.ids, textOnly);
  return { ids: full.ids, tokens: full.tokens, special, spans: alignTokens(text, info, full.ids, special) };
}

export const slice = (text: string, s: TokenSpan) => text.slice(s.start ?? 0, s.end ?? 0);
/** Each word's text: from its first token's start to its last token's end (tokens may share a character). */
export const words = (text: string, a: Aligned): string[] => {
  const range: Array<[number, number]> = [];
  for (const s of a.spans) if (s.word !== null) range[s.word] = [Math.min(range[s.word]?.[0] ?? s.start!, s.start!), Math.max(range[s.word]?.[1] ?? 0, s.end!)];
  return range.map(([s, e]) => text.slice(s, e));
};

export function checkOrderAndSpecials(text: string, a: Aligned): void {
  let last = 0;
  a.spans.forEach((s, i) => {
    if (a.special[i]) {
      assert.deepEqual(s, { start: null, end: null, word: null }, `special ${a.tokens[i]}`);
      return;
    }
    assert.ok(s.start !== null && s.end !== null && s.start <= s.end && s.end <= text.length, `span in range for ${a.tokens[i]}`);
    assert.ok(s.start >= last || s.end <= last, `spans move forward at ${a.tokens[i]}`);
    last = Math.max(last, s.start);
  });
}

/** WordPiece: the normalized slice is the token without `##`; [UNK] spans are given. */
export function checkWordPiece(tok: PreTrainedTokenizer, text: string, a: Aligned, unk: string[] | null = []): void {
  checkOrderAndSpecials(text, a);
  const norm = (s: string) => tok._tokenizer.normalizer!.normalize(s);
  const unks = [...(unk ?? [])];
  a.spans.forEach((s, i) => {
    if (a.special[i]) return;
    const t = a.tokens[i]!;
    if (t === '[UNK]') {
      if (unk) assert.equal(slice(text, s), unks.shift(), 'UNK covers its word');
    } else if (t === '[MASK]') assert.equal(slice(text, s), '[MASK]');
    else assert.equal(norm(slice(text, s)).trim(), t.replace(/^##/, ''), `token ${t} in ${JSON.stringify(text)}`);
  });
}

/** Byte-level: the slice is the token's bytes widened to whole characters (a leading added space excepted). */
export function checkBytes(text: string, a: Aligned, prefixSpace = false): void {
  checkOrderAndSpecials(text, a);
  const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
  a.spans.forEach((s, i) => {
    if (a.special[i]) return;
    let bytes = Array.from(a.tokens[i]!, (c) => U2B.get(c)!);
    if (prefixSpace && s.start === 0 && text[0] !== ' ' && bytes[0] === 0x20) bytes = bytes.slice(1);
    const got = utf8(slice(text, s));
    if (bytes.length === 0) {
      assert.equal(got.length, 0);
      return;
    }
    const chars = Array.from(slice(text, s));
    const firstLen = utf8(chars[0] ?? '').length,
      lastLen = utf8(chars.at(-1) ?? '').length;
    const at = got.findIndex((_, k) => bytes.every((b, j) => got[k + j] === b));
    assert.ok(at >= 0 && at < firstLen && at + bytes.length > got.length - lastLen, `token ${JSON.stringify(a.tokens[i])} ↦ ${JSON.stringify(slice(text, s))}`);
  });
}
