// Token → source-text alignment. Engine runtime (plain Node; never imports `vscode`).
//
// transformers.js returns ids but no offset mapping, so this module recovers, for every token, the exact
// `[start, end)` UTF-16 range of the ORIGINAL text it stands for, and a word index for subword→word merging.
//
// Design (linear time; never throws on odd input):
// 1. `tokenizerInfo` reads once per tokenizer what alignment needs: model kind, `##` prefix / `</w>` suffix,
//    byte-level or metaspace pieces, byte fallback, the [UNK] id, id→token strings and the normalizer objects.
// 2. The text is normalized with an index map: the tokenizer's own normalizer objects run on each code point
//    (then, if the result differs from normalizing the whole text, on each base+combining-marks cluster), so
//    every normalized code unit knows the original range it came from. This covers lowercasing, NFD + dropping
//    accents ("atención" → "atencion": "o" maps to "ó"), control-character removal and CJK padding. Prepend,
//    Strip and Replace steps run on the whole string with the map carried through. Should the mapped result
//    still differ from the real normalization, a greedy resync keeps later offsets sane.
// 3. Tokens are matched in order against the UTF-8 bytes of the normalized text, so byte-level BPE, byte
//    fallback and plain pieces share one matcher. A token that covers only some bytes of a character maps to
//    that whole character's range (a UTF-16 range cannot split a code point); neighbours then share it.
//    Byte-level tokens keep their leading space (`Ġfoo` covers " foo"), as HF offsets do with
//    trim_offsets=false: that is what the token encodes. A leading space the tokenizer added itself
//    (add_prefix_space, metaspace prepend) has no source text, so the span starts at the word.
//    Whitespace the pre-tokenizer dropped (WordPiece) is skipped; a token not found at the cursor is searched
//    a short window ahead; one never found gets a zero-width span at the cursor, which does not move.
// 4. [UNK] covers the pre-token word it replaced (WordPiece: BERT's word/punctuation split), otherwise the text
//    up to where the next token matches. [UNK] is aligned even when flagged special, because transformers.js
//    lists it in `all_special_ids`. Other flagged tokens get null spans. A non-flagged added token (a `[MASK]`
//    the user typed: transformers.js encodes it as the mask id) matches its literal text; `textTokenMask`
//    tells template tokens from typed ones.
// 5. Words: WordPiece starts a word at every piece without the `##` prefix. Other models start one at a token
//    that begins with whitespace (real or added), follows whitespace, or switches between word characters
//    (letters, digits, `_`) and punctuation/symbols, so punctuation runs form their own words (GPT-2 splits
//    "don't" as "don" + "'t": two words). A token sharing a character with the previous one stays in its word;
//    marks and format characters (ZWJ, variation selectors) take the class of their neighbours. Special and
//    added tokens break words; words are numbered 0.. in order; special tokens get null.
import type { PreTrainedTokenizer } from '@huggingface/transformers';

export interface TokenSpan {
  readonly start: number | null;
  readonly end: number | null;
  readonly word: number | null;
}

export type ModelKind = 'wordpiece' | 'bpe' | 'unigram' | 'other';

/** What a normalizer object from `@huggingface/tokenizers` exposes that alignment relies on. */
interface NormalizerObject {
  readonly config?: { readonly type?: string; readonly content?: string; readonly prepend?: string; readonly strip_left?: boolean; readonly strip_right?: boolean };
  readonly normalizers?: ReadonlyArray<NormalizerObject | null>;
  readonly pattern?: RegExp | null;
  normalize(text: string): string;
}

export interface TokenizerInfo {
  readonly kind: ModelKind;
  readonly byteLevel: boolean;
  /** The metaspace character (usually "▁") when pieces use one for spaces, else null. */
  readonly metaspace: string | null;
  readonly continuingPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly byteFallback: boolean;
  readonly unkId: number | null;
  /** id → token string, added tokens included. */
  readonly vocab: ReadonlyArray<string | undefined>;
  /** id → literal content of every added token. */
  readonly added: ReadonlyMap<number, string>;
  /** The normalizer steps in order (Sequence flattened); empty when the tokenizer has none. */
  readonly steps: readonly NormalizerObject[];
}

type Json = Record<string, unknown>;
// transformers.js components are callable objects (functions), so both kinds count as objects here.
const asObj = (v: unknown): Json => (v !== null && (typeof v === 'object' || typeof v === 'function') ? (v as Json) : {});
const asStr = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Visits a pre-tokenizer/decoder config and its Sequence children. */
function someComponent(config: unknown, test: (c: Json) => boolean): Json | null {
  const c = asObj(config);
  if (test(c)) return c;
  for (const key of ['pretokenizers', 'decoders']) {
    const list = c[key];
    if (Array.isArray(list)) for (const child of list) { const hit = someComponent(child, test); if (hit) return hit; }
  }
  return null;
}

function flattenNormalizer(n: NormalizerObject | null | undefined, out: NormalizerObject[]): void {
  if (!n) return;
  if (n.config?.type === 'Sequence' && Array.isArray(n.normalizers)) for (const child of n.normalizers) flattenNormalizer(child, out);
  else out.push(n);
}

/** Derives, once per tokenizer, everything `alignTokens` needs. */
export function tokenizerInfo(tokenizer: PreTrainedTokenizer): TokenizerInfo {
  const json = asObj(tokenizer._tokenizerJSON);
  const model = asObj(json.model);
  const inner = asObj(tokenizer._tokenizer);
  const type = asStr(model.type) ?? (Array.isArray(model.vocab) ? 'Unigram' : 'merges' in model ? 'BPE' : 'continuing_subword_prefix' in model ? 'WordPiece' : '');
  const kind: ModelKind = type === 'WordPiece' ? 'wordpiece' : type === 'BPE' ? 'bpe' : type === 'Unigram' ? 'unigram' : 'other';
  const isType = (t: string) => (c: Json) => c.type === t;
  const metaConfig = someComponent(json.pre_tokenizer, isType('Metaspace')) ?? someComponent(json.decoder, isType('Metaspace'));
  const replacesSpace = someComponent(json.decoder, (c) => c.type === 'Replace' && asStr(c.content) === ' ' && asObj(c.pattern).String === '\u2581');
  const added = new Map<number, string>();
  if (Array.isArray(json.added_tokens)) {
    for (const t of json.added_tokens) { const o = asObj(t); if (typeof o.id === 'number' && typeof o.content === 'string') added.set(o.id, o.content); }
  }
  const modelObj = asObj(inner.model);
  // The model's own unknown piece, not tokenizer.unk_token_id: GPT-2 configs name <|endoftext|> as unk_token.
  const unk = kind === 'unigram' ? model.unk_id : asStr(model.unk_token) !== null ? modelObj.unk_token_id : undefined;
  const steps: NormalizerObject[] = [];
  flattenNormalizer(inner.normalizer as NormalizerObject | null, steps);
  return {
    kind,
    byteLevel: someComponent(json.pre_tokenizer, isType('ByteLevel')) !== null || someComponent(json.decoder, isType('ByteLevel')) !== null,
    metaspace: metaConfig ? asStr(metaConfig.replacement) ?? '\u2581' : replacesSpace ? '\u2581' : null,
    continuingPrefix: kind === 'wordpiece' ? asStr(model.continuing_subword_prefix) ?? '##' : asStr(model.continuing_subword_prefix),
    endOfWordSuffix: asStr(model.end_of_word_suffix),
    byteFallback: model.byte_fallback === true,
    unkId: typeof unk === 'number' ? unk : null,
    vocab: Array.isArray(modelObj.vocab) ? (modelObj.vocab as Array<string | undefined>) : [],
    added,
    steps,
  };
}

/**
 * Marks the positions of `full` (encoded with special tokens) that the template added, given `textOnly`
 * (the same text encoded with add_special_tokens=false). A `[MASK]` typed in the text stays unmarked.
 */
export function textTokenMask(full: readonly number[], textOnly: readonly number[]): boolean[] {
  const n = textOnly.length;
  for (let k = 0; k + n <= full.length; k++) {
    let same = true;
    for (let j = 0; j < n && same; j++) same = full[k + j] === textOnly[j];
    if (same) return full.map((_, i) => i < k || i >= k + n);
  }
  return full.map(() => true); // should not happen; null spans are the safe answer
}

// ---- normalization with an index map -------------------------------------------------------------------

/** Normalized pieces, each with the original [start, end) it came from. */
interface Pieces { parts: string[]; starts: number[]; ends: number[] }

function initialPieces(text: string, clusters: boolean): Pieces {
  const p: Pieces = { parts: [], starts: [], ends: [] };
  for (let i = 0; i < text.length;) {
    let j = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
    while (clusters && j < text.length && /\p{M}/u.test(String.fromCodePoint(text.codePointAt(j)!))) j += text.codePointAt(j)! > 0xffff ? 2 : 1;
    p.parts.push(text.slice(i, j)); p.starts.push(i); p.ends.push(j);
    i = j;
  }
  return p;
}

function applyStep(p: Pieces, step: NormalizerObject): Pieces {
  const type = step.config?.type;
  if (type === 'Prepend') {
    const pre = step.config?.prepend ?? '';
    if (!p.parts.some((s) => s.length > 0)) return p;
    const at = p.starts[0] ?? 0;
    return { parts: [pre, ...p.parts], starts: [at, ...p.starts], ends: [at, ...p.ends] };
  }
  if (type === 'Strip') {
    const parts = p.parts.slice();
    if (step.config?.strip_left) for (let k = 0; k < parts.length; k++) { parts[k] = parts[k]!.trimStart(); if (parts[k]!.length > 0) break; }
    if (step.config?.strip_right) for (let k = parts.length - 1; k >= 0; k--) { parts[k] = parts[k]!.trimEnd(); if (parts[k]!.length > 0) break; }
    return { parts, starts: p.starts, ends: p.ends };
  }
  if (type === 'Replace') return replacePieces(p, step.pattern ?? null, step.config?.content ?? '');
  return { parts: p.parts.map((s) => (s.length > 0 ? step.normalize(s) : s)), starts: p.starts, ends: p.ends };
}

/** Whole-string regex replacement; a match maps to the union of the ranges it consumed. */
function replacePieces(p: Pieces, pattern: RegExp | null, content: string): Pieces {
  if (!pattern || !pattern.global) return p;
  const joined = p.parts.join('');
  const owner: number[] = [];
  p.parts.forEach((s, k) => { for (let i = 0; i < s.length; i++) owner.push(k); });
  const out: Pieces = { parts: [], starts: [], ends: [] };
  const keep = (from: number, to: number): void => {
    for (let i = from; i < to;) {
      const k = owner[i]!;
      let j = i;
      while (j < to && owner[j] === k) j++;
      out.parts.push(joined.slice(i, j)); out.starts.push(p.starts[k]!); out.ends.push(p.ends[k]!);
      i = j;
    }
  };
  let last = 0;
  for (const m of joined.matchAll(pattern)) {
    const at = m.index ?? 0;
    keep(last, at);
    const len = m[0].length;
    const k0 = owner[at] ?? p.parts.length - 1;
    const start = p.starts[k0] ?? 0;
    out.parts.push(content); out.starts.push(start); out.ends.push(len > 0 ? p.ends[owner[at + len - 1]!]! : start);
    last = at + len;
  }
  keep(last, joined.length);
  return out;
}

interface NormMap { text: string; starts: Int32Array; ends: Int32Array }

function toMap(p: Pieces): NormMap {
  const text = p.parts.join('');
  const starts = new Int32Array(text.length), ends = new Int32Array(text.length);
  let u = 0;
  p.parts.forEach((s, k) => { for (let i = 0; i < s.length; i++, u++) { starts[u] = p.starts[k]!; ends[u] = p.ends[k]!; } });
  return { text, starts, ends };
}

/** Maps each code unit of `real` onto `mine`'s ranges, skipping local differences (a rare fallback). */
function resync(real: string, mine: NormMap): NormMap {
  const starts = new Int32Array(real.length), ends = new Int32Array(real.length);
  let j = 0;
  for (let i = 0; i < real.length; i++) {
    if (mine.text[j] !== real[i]) {
      const ahead = mine.text.slice(j, j + 8).indexOf(real[i]!);
      if (ahead > 0) j += ahead;
    }
    const k = Math.min(j, mine.text.length - 1);
    starts[i] = k >= 0 ? mine.starts[k]! : 0; ends[i] = k >= 0 ? mine.ends[k]! : 0;
    if (mine.text[j] === real[i]) j++;
  }
  return { text: real, starts, ends };
}

function normalizeMapped(text: string, info: TokenizerInfo): NormMap {
  if (info.steps.length === 0) return toMap(initialPieces(text, false));
  let real: string | null = null;
  let mapped: NormMap | null = null;
  try {
    real = text;
    for (const step of info.steps) real = step.normalize(real);
    for (const clusters of [false, true]) {
      mapped = toMap(info.steps.reduce(applyStep, initialPieces(text, clusters)));
      if (mapped.text === real) return mapped;
    }
  } catch {
    // a normalizer that throws on a fragment: fall through to whatever was mapped
  }
  const identity = toMap(initialPieces(text, false));
  return real !== null ? resync(real, mapped ?? identity) : identity;
}

// ---- bytes, surfaces and matching ----------------------------------------------------------------------

/** GPT-2's byte ↔ printable-character table: printable Latin-1 bytes map to themselves, the rest to 256+n. */
const BYTE_OF_CHAR: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    map.set(String.fromCharCode(printable ? b : 256 + n++), b);
  }
  return map;
})();

const encoder = new TextEncoder();
const isSpaceByte = (b: number | undefined): boolean => b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d);

interface Surface { bytes: Uint8Array; cont: boolean; lead: boolean }

function surfaceOf(token: string, info: TokenizerInfo): Surface {
  let t = token, cont = false;
  if (info.byteLevel) {
    const bytes = [];
    for (const ch of t) { const b = BYTE_OF_CHAR.get(ch); if (b !== undefined) bytes.push(b); else bytes.push(...encoder.encode(ch)); }
    return { bytes: Uint8Array.from(bytes), cont: false, lead: bytes[0] === 0x20 };
  }
  if (info.byteFallback && /^<0x[0-9A-Fa-f]{2}>$/.test(t)) return { bytes: Uint8Array.of(parseInt(t.slice(3, 5), 16)), cont: false, lead: false };
  const pre = info.continuingPrefix;
  if (pre && t.length > pre.length && t.startsWith(pre)) { t = t.slice(pre.length); cont = true; }
  const suf = info.endOfWordSuffix;
  if (suf && t.length > suf.length && t.endsWith(suf)) t = t.slice(0, -suf.length);
  if (info.metaspace) t = t.split(info.metaspace).join(' ');
  const bytes = encoder.encode(t);
  return { bytes, cont, lead: bytes[0] === 0x20 };
}

/** The normalized text as UTF-8, with byte → code unit and code unit → byte maps. */
interface ByteView { bytes: Uint8Array; unitOf: Int32Array; byteOf: Int32Array }

function byteView(text: string): ByteView {
  const bytes = encoder.encode(text); // lone surrogates become U+FFFD's 3 bytes, as in the tokenizer
  const unitOf = new Int32Array(bytes.length), byteOf = new Int32Array(text.length + 1);
  let b = 0;
  for (let u = 0; u < text.length;) {
    const cp = text.codePointAt(u)!;
    const units = cp > 0xffff ? 2 : 1;
    const len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < units; k++) byteOf[u + k] = b;
    for (let k = 0; k < len; k++) unitOf[b + k] = u;
    u += units; b += len;
  }
  byteOf[text.length] = bytes.length;
  return { bytes, unitOf, byteOf };
}

const WINDOW = 256; // how far ahead a lost token is looked for, in bytes

function matchesAt(v: ByteView, s: Uint8Array, from: number, p: number): boolean {
  if (p + s.length - from > v.bytes.length) return false;
  for (let k = from; k < s.length; k++) if (v.bytes[p + k - from] !== s[k]) return false;
  return true;
}

/** Finds the byte range of `s` at or just after `c`; a leading space may be one the tokenizer added. */
function locate(v: ByteView, s: Surface, c: number): [number, number] | null {
  const tryAt = (p: number): [number, number] | null =>
    matchesAt(v, s.bytes, 0, p) ? [p, p + s.bytes.length] : s.lead && matchesAt(v, s.bytes, 1, p) ? [p, p + s.bytes.length - 1] : null;
  let p = c;
  const hit = tryAt(p);
  if (hit) return hit;
  while (isSpaceByte(v.bytes[p])) p++;
  const limit = Math.min(v.bytes.length, p + WINDOW);
  for (; p < limit; p++) { const h = tryAt(p); if (h) return h; }
  return null;
}

// ---- character classes for word grouping ----------------------------------------------------------------

type CharClass = 'word' | 'punct' | 'space' | 'neutral';
function classOf(ch: string): CharClass {
  if (/\s/u.test(ch)) return 'space';
  if (/[\p{L}\p{N}\p{Pc}]/u.test(ch)) return 'word';
  if (/[\p{M}\p{Cf}]/u.test(ch)) return 'neutral';
  return 'punct';
}

/** Class of the first (or last) non-neutral, non-space character in text[start, end). */
function edgeClass(text: string, start: number, end: number, fromEnd: boolean): CharClass | null {
  const chars = Array.from(text.slice(start, end));
  if (fromEnd) chars.reverse();
  for (const ch of chars) { const c = classOf(ch); if (c !== 'neutral' && c !== 'space') return c; }
  return null;
}

const BERT_PUNCT = /[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]/u;

// ---- alignment ------------------------------------------------------------------------------------------

interface Raw { start: number; end: number; cont: boolean; lead: boolean; breaks: boolean }

/**
 * Aligns `ids` (an encoding of `text`, possibly truncated, special tokens included) to `text`.
 * `special[i]` true gives a null span and null word; see the header for [UNK] and typed added tokens.
 */
export function alignTokens(text: string, info: TokenizerInfo, ids: readonly number[], special: readonly boolean[]): TokenSpan[] {
  const norm = normalizeMapped(text, info);
  const meta = info.metaspace;
  const v = byteView(meta ? norm.text.split(meta).join(' ') : norm.text);
  const total = v.bytes.length;
  const origAt = (b: number): number => (b < total ? norm.starts[v.unitOf[b]!]! : norm.text.length > 0 ? norm.ends[norm.text.length - 1]! : 0);
  const rangeOf = (b0: number, b1: number): [number, number] => {
    if (b1 <= b0) { const at = origAt(b0); return [at, at]; }
    const u0 = v.unitOf[b0]!, u1 = v.unitOf[b1 - 1]!;
    return [Math.min(norm.starts[u0]!, norm.starts[u1]!), Math.max(norm.ends[u0]!, norm.ends[u1]!)];
  };
  const skipSpace = (b: number): number => { while (isSpaceByte(v.bytes[b])) b++; return b; };
  /** First byte whose original position is at or after `pos` (the map is monotonic). */
  const byteAtOrig = (pos: number): number => {
    let lo = 0, hi = norm.text.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (norm.starts[mid]! < pos) lo = mid + 1; else hi = mid; }
    return v.byteOf[lo]!;
  };
  const isText = (i: number): boolean => !special[i] || ids[i] === info.unkId;

  const raw: Array<Raw | null> = [];
  let cur = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (!isText(i)) { raw.push(null); continue; }
    if (id === info.unkId) {
      const c = skipSpace(cur);
      const e = info.kind === 'wordpiece' ? bertWordEnd(norm.text, v, c) : unkEnd(i, c);
      const [s, t] = rangeOf(c, e);
      raw.push({ start: s, end: t, cont: false, lead: false, breaks: false });
      cur = e;
      continue;
    }
    const content = info.added.get(id);
    if (content !== undefined) {
      const hit = locate(v, { bytes: encoder.encode(content), cont: false, lead: false }, cur);
      if (hit) { const [s, t] = rangeOf(hit[0], hit[1]); raw.push({ start: s, end: t, cont: false, lead: false, breaks: true }); cur = hit[1]; continue; }
      const from = origAt(cur), k = text.indexOf(content, from);
      if (k >= 0 && k - from <= WINDOW) { raw.push({ start: k, end: k + content.length, cont: false, lead: false, breaks: true }); cur = Math.max(cur, byteAtOrig(k + content.length)); continue; }
      raw.push({ start: from, end: from, cont: false, lead: false, breaks: true });
      continue;
    }
    const s = surfaceOf(info.vocab[id] ?? '', info);
    const hit = s.bytes.length > 0 ? locate(v, s, cur) : [cur, cur] as [number, number];
    if (hit) {
      const [a, b] = rangeOf(hit[0], hit[1]);
      raw.push({ start: a, end: b, cont: s.cont, lead: s.lead, breaks: false });
      cur = hit[1];
    } else {
      const at = origAt(cur);
      raw.push({ start: at, end: at, cont: s.cont, lead: s.lead, breaks: false });
    }
  }
  return groupWords(text, info, raw);

  /** BPE/Unigram [UNK]: up to where the next text token matches, else one code point. */
  function unkEnd(i: number, c: number): number {
    for (let j = i + 1; j < ids.length; j++) {
      if (!isText(j) || ids[j] === info.unkId || info.added.has(ids[j]!)) continue;
      const hit = locate(v, surfaceOf(info.vocab[ids[j]!] ?? '', info), c);
      if (hit && hit[0] > c) { let e = hit[0]; while (e > c && isSpaceByte(v.bytes[e - 1])) e--; if (e > c) return e; }
      break;
    }
    return c < total ? v.byteOf[v.unitOf[c]! + (norm.text.codePointAt(v.unitOf[c]!)! > 0xffff ? 2 : 1)]! : c;
  }
}

/** End byte of the BERT pre-token starting at byte `c`: one punctuation character, or a run up to space/punctuation. */
function bertWordEnd(text: string, v: ByteView, c: number): number {
  if (c >= v.bytes.length) return c;
  let u = v.unitOf[c]!;
  const step = (): string => String.fromCodePoint(text.codePointAt(u)!);
  const first = step();
  if (BERT_PUNCT.test(first)) return v.byteOf[u + first.length]!;
  while (u < text.length) {
    const ch = step();
    if (/\s/u.test(ch) || BERT_PUNCT.test(ch)) break;
    u += ch.length;
  }
  return v.byteOf[u]!;
}

function groupWords(text: string, info: TokenizerInfo, raw: ReadonlyArray<Raw | null>): TokenSpan[] {
  const out: TokenSpan[] = [];
  let word = -1;
  interface Prev { end: number; last: CharClass | null; loneSpace: boolean }
  let prev = null as Prev | null;
  for (const r of raw) {
    if (!r) { out.push({ start: null, end: null, word: null }); prev = null; continue; }
    const before: Prev | null = prev;
    let fresh: boolean;
    if (!before || r.breaks) fresh = true;
    else if (info.kind === 'wordpiece') fresh = !r.cont;
    else if (r.start < before.end && r.end > r.start) fresh = false;
    else if (r.end === r.start && !r.lead) fresh = false; // unmatched: stay with the previous word
    else if (before.loneSpace && !r.lead && !/\s/u.test(text[r.start] ?? '')) fresh = false; // "Ġ" + "ðŁ", "▁" + "ñ"
    else if (r.lead || /\s/u.test(text[r.start] ?? '') || (r.start > 0 && /\s/u.test(text[r.start - 1]!))) fresh = true;
    else {
      const first = edgeClass(text, r.start, r.end, false);
      fresh = first !== null && before.last !== null && first !== before.last;
    }
    if (fresh) word++;
    out.push({ start: r.start, end: r.end, word });
    const last = edgeClass(text, r.start, r.end, true);
    const loneSpace = r.lead && (r.end === r.start || text.slice(r.start, r.end) === ' ');
    prev = r.breaks ? null : { end: Math.max(r.end, before?.end ?? 0), last: last ?? before?.last ?? null, loneSpace };
  }
  return out;
}
