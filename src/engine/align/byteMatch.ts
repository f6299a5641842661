// Matching tokens against the UTF-8 bytes of the normalized text (steps 3 and 4 of the design in align.ts):
// each token's surface bytes, the text's byte view, the search for a token at or after the cursor, and
// BERT's pre-token end for [UNK]. Engine runtime (plain Node).
import { BYTE_OF_CHAR } from '../../protocol/byteLevel';
import { cpLength } from './normalize';
import type { TokenizerInfo } from './tokenizerInfo';

export const encoder = new TextEncoder();
export const isSpaceByte = (b: number | undefined): boolean => b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d);
/** A token's bytes as they appear in the normalized text; `cont`: had the `##` prefix; `lead`: starts with a space. */
interface Surface {
  bytes: Uint8Array;
  cont: boolean;
  lead: boolean;
}
export function surfaceOf(token: string, info: TokenizerInfo): Surface {
  if (info.byteLevel) {
    const bytes: number[] = [];
    for (const ch of token) {
      const b = BYTE_OF_CHAR.get(ch);
      if (b !== undefined) bytes.push(b);
      else bytes.push(...encoder.encode(ch));
    }
    return { bytes: Uint8Array.from(bytes), cont: false, lead: bytes[0] === 0x20 };
  }
  if (info.byteFallback && /^<0x[0-9A-Fa-f]{2}>$/.test(token)) return { bytes: Uint8Array.of(parseInt(token.slice(3, 5), 16)), cont: false, lead: false };
  let t = token,
    cont = false;
  const pre = info.continuingPrefix,
    suf = info.endOfWordSuffix;
  if (pre && t.length > pre.length && t.startsWith(pre)) {
    t = t.slice(pre.length);
    cont = true;
  }
  if (suf && t.length > suf.length && t.endsWith(suf)) t = t.slice(0, -suf.length);
  if (info.metaspace) t = t.split(info.metaspace).join(' ');
  const bytes = encoder.encode(t);
  return { bytes, cont, lead: bytes[0] === 0x20 };
}

/** The normalized text as UTF-8, with byte → code unit and code unit → byte maps. */
interface ByteView {
  bytes: Uint8Array;
  unitOf: Int32Array;
  byteOf: Int32Array;
}
export function byteView(text: string): ByteView {
  const bytes = encoder.encode(text); // a lone surrogate becomes U+FFFD's 3 bytes, as in the tokenizer
  const unitOf = new Int32Array(bytes.length),
    byteOf = new Int32Array(text.length + 1);
  for (let u = 0, b = 0; u < text.length;) {
    const cp = text.codePointAt(u)!,
      units = cp > 0xffff ? 2 : 1;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < units; k++) byteOf[u + k] = b;
    for (let k = 0; k < len; k++) unitOf[b + k] = u;
    u += units;
    b += len;
  }
  byteOf[text.length] = bytes.length;
  return { bytes, unitOf, byteOf };
}

export const WINDOW = 256; // how far ahead (bytes) a token missing at the cursor is looked for
function matchesAt(v: ByteView, s: Uint8Array, from: number, p: number): boolean {
  for (let k = from; k < s.length; k++) if (v.bytes[p + k - from] !== s[k]) return false; // past the end: undefined
  return true;
}

/** Byte range of `s` at or just after `c`; a leading space may be one the tokenizer invented. */
export function locate(v: ByteView, s: Surface, c: number): [number, number] | null {
  const n = s.bytes.length;
  const tryAt = (p: number): [number, number] | null =>
    matchesAt(v, s.bytes, 0, p) ? [p, p + n] : s.lead && matchesAt(v, s.bytes, 1, p) ? [p, p + n - 1] : null;
  const hit = tryAt(c);
  if (hit) return hit;
  let p = c;
  while (isSpaceByte(v.bytes[p])) p++;
  for (const limit = Math.min(v.bytes.length, p + WINDOW); p < limit; p++) {
    const h = tryAt(p);
    if (h) return h;
  }
  return null;
}

/** End byte of the BERT pre-token at byte `c`: one punctuation character, or a run up to space/punctuation. */
const BERT_PUNCT = /[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]/u;
export function bertWordEnd(text: string, v: ByteView, c: number): number {
  if (c >= v.bytes.length) return c;
  const charAt = (k: number): string => String.fromCodePoint(text.codePointAt(k)!);
  let u = v.unitOf[c]!;
  if (BERT_PUNCT.test(charAt(u))) return v.byteOf[u + cpLength(text, u)]!;
  while (u < text.length && !/\s/u.test(charAt(u)) && !BERT_PUNCT.test(charAt(u))) u += cpLength(text, u);
  return v.byteOf[u]!;
}
