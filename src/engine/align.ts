// Token → source-text alignment. Engine runtime (plain Node; never imports `vscode`).
// transformers.js returns ids but no offset mapping, so this module recovers, for every token, the exact
// `[start, end)` UTF-16 range of the ORIGINAL text it stands for, and a word index for subword→word merging.
// Use: `const info = tokenizerInfo(tokenizer)` once, then `alignTokens(text, info, ids, textTokenMask(...))`.
// Design (linear time; never throws on odd input):
// 1. `tokenizerInfo` reads what alignment needs: model kind, `##` prefix / `</w>` suffix, byte-level or
//    metaspace pieces, byte fallback, the model's unknown id, id→token strings and the normalizer objects.
// 2. The text is normalized with an index map: the tokenizer's own normalizers run on each code point (or, if
//    that differs from normalizing the whole text, on each base+combining-marks cluster), so every normalized
//    code unit knows its original range: lowercasing, NFD + dropped accents ("ó" → "o" maps back to "ó"),
//    removed control characters, CJK padding. Prepend/Strip/Replace run on the whole string, map carried
//    along. Should the result still differ from the real normalization, a greedy resync keeps offsets sane.
// 3. Tokens are matched in order against the UTF-8 bytes of the normalized text, so byte-level BPE, byte
//    fallback and plain pieces share one matcher. A token covering only some bytes of a character maps to the
//    whole character (a UTF-16 range cannot split a code point), so neighbours may share that range.
//    Byte-level spans include the leading space (`Ġfoo` ↦ " foo", HF's trim_offsets=false): that is what the
//    token encodes. A space the tokenizer invented (add_prefix_space, metaspace prepend) has no source text,
//    so such a span starts at the word (a lone invented "Ġ"/"▁" is zero-width). Whitespace the pre-tokenizer
//    dropped is skipped; a token not at the cursor is looked for a short window ahead; one never found gets a
//    zero-width span at the cursor, which then stays put.
// 4. [UNK] covers the pre-token it replaced (WordPiece: BERT's word/punctuation split; otherwise the text up to
//    where the next token matches). Flagged tokens get null. Flag with `textTokenMask`/`textSegments`, not
//    `all_special_ids`: that lists [UNK], and a `[MASK]` the user typed (transformers.js encodes it as the
//    mask id) should keep its span: unflagged added tokens match their literal text.
// 5. Words: WordPiece starts a word at every piece without `##`. Other models start one at a token that begins
//    with whitespace (real or invented) or follows whitespace, or that switches between word characters
//    (letters, digits, `_`) and punctuation/symbols, so punctuation runs are words of their own (GPT-2's
//    "don" + "'t" are two). A lone space piece joins the word after it; a token sharing a character with the
//    previous one stays in its word; marks and format characters (ZWJ, VS16) are neutral. Special and added
//    tokens end words. Words are numbered 0.. in order.
import type { PreTrainedTokenizer } from '@huggingface/transformers';

/** `[start, end)` in UTF-16 units of the original text, and the word index; all null for special tokens. */
export interface TokenSpan {
  readonly start: number | null;
  readonly end: number | null;
  readonly word: number | null;
}

export type ModelKind = 'wordpiece' | 'bpe' | 'unigram' | 'other';
/** The part of an `@huggingface/tokenizers` normalizer object that alignment relies on. */
interface NormalizerObject {
  readonly config?: {
    readonly type?: string;
    readonly content?: string;
    readonly prepend?: string;
    readonly strip_left?: boolean;
    readonly strip_right?: boolean;
  };
  readonly normalizers?: ReadonlyArray<NormalizerObject | null>;
  readonly pattern?: RegExp | null;
  normalize(text: string): string;
}

export interface TokenizerInfo {
  readonly kind: ModelKind;
  readonly byteLevel: boolean;
  readonly metaspace: string | null; // the space marker ("▁") when pieces use one
  readonly continuingPrefix: string | null;
  readonly endOfWordSuffix: string | null;
  readonly byteFallback: boolean;
  readonly unkId: number | null; // the model's unknown piece
  readonly vocab: ReadonlyArray<string | undefined>; // id → token string, added tokens included
  readonly added: ReadonlyMap<number, string>; // id → literal content of each added token
  readonly steps: readonly NormalizerObject[]; // normalizers in order, Sequence flattened
}

type Json = Record<string, unknown>;
// transformers.js components are callable objects (functions), so both kinds count as objects here.
const asObj = (v: unknown): Json => (v !== null && (typeof v === 'object' || typeof v === 'function') ? (v as Json) : {});
const asStr = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Finds a component in a pre-tokenizer/decoder config, looking inside Sequences. */
function findComponent(config: unknown, test: (c: Json) => boolean): Json | null {
  const c = asObj(config);
  if (test(c)) return c;
  for (const list of [c.pretokenizers, c.decoders]) {
    if (Array.isArray(list))
      for (const child of list) {
        const hit = findComponent(child, test);
        if (hit) return hit;
      }
  }
  return null;
}

const flattenNormalizer = (n: NormalizerObject | null | undefined): NormalizerObject[] =>
  !n ? [] : n.config?.type === 'Sequence' && Array.isArray(n.normalizers) ? n.normalizers.flatMap(flattenNormalizer) : [n];

/** Derives, once per tokenizer, everything `alignTokens` needs. */
export function tokenizerInfo(tokenizer: PreTrainedTokenizer): TokenizerInfo {
  const json = asObj(tokenizer._tokenizerJSON),
    model = asObj(json.model);
  const inner = asObj(tokenizer._tokenizer),
    modelObj = asObj(inner.model);
  const type = asStr(model.type) ?? (Array.isArray(model.vocab) ? 'Unigram' : 'merges' in model ? 'BPE' : 'WordPiece');
  const kind: ModelKind = type === 'WordPiece' ? 'wordpiece' : type === 'BPE' ? 'bpe' : type === 'Unigram' ? 'unigram' : 'other';
  const isType = (t: string) => (c: Json) => c.type === t;
  const meta =
    findComponent(json.pre_tokenizer, isType('Metaspace')) ??
    findComponent(json.decoder, isType('Metaspace')) ??
    findComponent(json.decoder, (c) => c.type === 'Replace' && c.content === ' ' && asObj(c.pattern).String === '\u2581');
  const added = new Map<number, string>();
  for (const o of (Array.isArray(json.added_tokens) ? json.added_tokens : []).map(asObj)) {
    if (typeof o.id === 'number' && typeof o.content === 'string') added.set(o.id, o.content);
  }
  // The model's own unknown piece, not tokenizer.unk_token_id: GPT-2 configs name <|endoftext|> as unk_token.
  const unk = kind === 'unigram' ? model.unk_id : asStr(model.unk_token) !== null ? modelObj.unk_token_id : undefined;
  return {
    kind,
    byteLevel: findComponent(json.pre_tokenizer, isType('ByteLevel')) !== null || findComponent(json.decoder, isType('ByteLevel')) !== null,
    metaspace: meta ? (asStr(meta.replacement) ?? '\u2581') : null,
    continuingPrefix: asStr(model.continuing_subword_prefix) ?? (kind === 'wordpiece' ? '##' : null),
    endOfWordSuffix: asStr(model.end_of_word_suffix),
    byteFallback: model.byte_fallback === true,
    unkId: typeof unk === 'number' ? unk : null,
    added,
    vocab: Array.isArray(modelObj.vocab) ? (modelObj.vocab as Array<string | undefined>) : [],
    steps: flattenNormalizer(inner.normalizer as NormalizerObject | null),
  };
}

/**
 * Which text each position of `full` (an encoding with special tokens) came from: the index into `parts` (each
 * text encoded alone with add_special_tokens=false, in order: one text, or an NSP pair), or -1 for a template
 * token. A `[MASK]`/`[CLS]` typed in a text counts as that text's. `full` may be truncated: transformers.js
 * truncation cuts the tail, final [SEP] included.
 */
export function textSegments(full: readonly number[], parts: ReadonlyArray<readonly number[]>): number[] {
  const seg = full.map(() => -1);
  let from = 0;
  parts.forEach((ids, part) => {
    let at = from,
      best = 0;
    for (let k = from; k < Math.min(full.length, from + 16); k++) {
      // template tokens between texts are few
      let m = 0;
      while (m < ids.length && k + m < full.length && full[k + m] === ids[m]) m++;
      if (m > best) {
        at = k;
        best = m;
      }
      if (m === ids.length || k + m === full.length) break;
    }
    seg.fill(part, at, at + best);
    from = at + best;
  });
  return seg;
}

/** `special` for `alignTokens` on a single text: true where the template added the token. */
export const textTokenMask = (full: readonly number[], textOnly: readonly number[]): boolean[] => textSegments(full, [textOnly]).map((s) => s < 0);

/** Normalized pieces, each with the original [start, end) it came from. */
interface Pieces {
  parts: string[];
  starts: number[];
  ends: number[];
}
interface NormMap {
  text: string;
  starts: Int32Array;
  ends: Int32Array;
} // per normalized code unit
const cpLength = (s: string, i: number): number => (s.codePointAt(i)! > 0xffff ? 2 : 1);

function initialPieces(text: string, clusters: boolean): Pieces {
  const p: Pieces = { parts: [], starts: [], ends: [] };
  for (let i = 0, j; i < text.length; i = j) {
    j = i + cpLength(text, i);
    while (clusters && j < text.length && /\p{M}/u.test(String.fromCodePoint(text.codePointAt(j)!))) j += cpLength(text, j);
    p.parts.push(text.slice(i, j));
    p.starts.push(i);
    p.ends.push(j);
  }
  return p;
}

function applyStep(p: Pieces, step: NormalizerObject): Pieces {
  const c = step.config ?? {};
  if (c.type === 'Prepend') {
    const at = p.starts[0] ?? 0;
    return p.parts.some((s) => s.length > 0) ? { parts: [c.prepend ?? '', ...p.parts], starts: [at, ...p.starts], ends: [at, ...p.ends] } : p;
  }
  if (c.type === 'Strip') {
    const parts = p.parts.slice();
    if (c.strip_left)
      for (let k = 0; k < parts.length; k++) {
        parts[k] = parts[k]!.trimStart();
        if (parts[k]) break;
      }
    if (c.strip_right)
      for (let k = parts.length - 1; k >= 0; k--) {
        parts[k] = parts[k]!.trimEnd();
        if (parts[k]) break;
      }
    return { ...p, parts };
  }
  if (c.type === 'Replace') return replacePieces(p, step.pattern ?? null, c.content ?? '');
  return { ...p, parts: p.parts.map((s) => (s.length > 0 ? step.normalize(s) : s)) };
}

/** Whole-string regex replacement; a match maps to the union of the ranges it consumed. */
function replacePieces(p: Pieces, pattern: RegExp | null, content: string): Pieces {
  if (!pattern?.global) return p;
  const joined = p.parts.join(''),
    owner: number[] = [];
  p.parts.forEach((s, k) => {
    for (let i = 0; i < s.length; i++) owner.push(k);
  });
  const out: Pieces = { parts: [], starts: [], ends: [] };
  const push = (part: string, start: number, end: number): void => {
    out.parts.push(part);
    out.starts.push(start);
    out.ends.push(end);
  };
  const keep = (from: number, to: number): void => {
    for (let i = from, j; i < to; i = j) {
      const k = owner[i]!;
      for (j = i; j < to && owner[j] === k;) j++;
      push(joined.slice(i, j), p.starts[k]!, p.ends[k]!);
    }
  };
  let last = 0;
  for (const m of joined.matchAll(pattern)) {
    const at = m.index ?? 0,
      len = m[0].length;
    keep(last, at);
    const start = p.starts[owner[at] ?? p.parts.length - 1] ?? 0;
    push(content, start, len > 0 ? p.ends[owner[at + len - 1]!]! : start);
    last = at + len;
  }
  keep(last, joined.length);
  return out;
}

function toMap(p: Pieces): NormMap {
  const text = p.parts.join('');
  const starts = new Int32Array(text.length),
    ends = new Int32Array(text.length);
  let u = 0;
  p.parts.forEach((s, k) => {
    for (let i = 0; i < s.length; i++, u++) {
      starts[u] = p.starts[k]!;
      ends[u] = p.ends[k]!;
    }
  });
  return { text, starts, ends };
}

/** Maps each code unit of `real` onto `mine`'s ranges across local differences (a rare fallback). */
function resync(real: string, mine: NormMap): NormMap {
  const starts = new Int32Array(real.length),
    ends = new Int32Array(real.length);
  for (let i = 0, j = 0; i < real.length; i++) {
    let consume = true;
    if (mine.text[j] !== real[i]) {
      const ahead = mine.text.slice(j + 1, j + 9).indexOf(real[i]!);
      if (ahead >= 0)
        j += ahead + 1; // mine has extra characters here
      else if (real[i + 1] === mine.text[j]) consume = false; // real has an extra character
    }
    const k = Math.min(j, mine.text.length - 1);
    starts[i] = k >= 0 ? mine.starts[k]! : 0;
    ends[i] = k >= 0 ? mine.ends[k]! : 0;
    if (consume) j++;
  }
  return { text: real, starts, ends };
}

function normalizeMapped(text: string, steps: readonly NormalizerObject[]): NormMap {
  const identity = (): NormMap => toMap(initialPieces(text, false));
  if (steps.length === 0) return identity();
  let real: string | null = null,
    mapped: NormMap | null = null;
  try {
    real = steps.reduce((t, step) => step.normalize(t), text);
    for (const clusters of [false, true]) {
      mapped = toMap(steps.reduce(applyStep, initialPieces(text, clusters)));
      if (mapped.text === real) return mapped;
    }
  } catch {
    // a normalizer that rejects a fragment: resync from whatever was mapped
  }
  return real !== null ? resync(real, mapped ?? identity()) : identity();
}

/** GPT-2's byte ↔ printable-character table: printable Latin-1 bytes stand for themselves, the rest 256+n. */
const BYTE_OF_CHAR: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (let b = 0, n = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    map.set(String.fromCharCode(printable ? b : 256 + n++), b);
  }
  return map;
})();

const encoder = new TextEncoder();
const isSpaceByte = (b: number | undefined): boolean => b === 0x20 || (b !== undefined && b >= 0x09 && b <= 0x0d);
/** A token's bytes as they appear in the normalized text; `cont`: had the `##` prefix; `lead`: starts with a space. */
interface Surface {
  bytes: Uint8Array;
  cont: boolean;
  lead: boolean;
}
function surfaceOf(token: string, info: TokenizerInfo): Surface {
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
function byteView(text: string): ByteView {
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

const WINDOW = 256; // how far ahead (bytes) a token missing at the cursor is looked for
function matchesAt(v: ByteView, s: Uint8Array, from: number, p: number): boolean {
  for (let k = from; k < s.length; k++) if (v.bytes[p + k - from] !== s[k]) return false; // past the end: undefined
  return true;
}

/** Byte range of `s` at or just after `c`; a leading space may be one the tokenizer invented. */
function locate(v: ByteView, s: Surface, c: number): [number, number] | null {
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
function bertWordEnd(text: string, v: ByteView, c: number): number {
  if (c >= v.bytes.length) return c;
  const charAt = (k: number): string => String.fromCodePoint(text.codePointAt(k)!);
  let u = v.unitOf[c]!;
  if (BERT_PUNCT.test(charAt(u))) return v.byteOf[u + cpLength(text, u)]!;
  while (u < text.length && !/\s/u.test(charAt(u)) && !BERT_PUNCT.test(charAt(u))) u += cpLength(text, u);
  return v.byteOf[u]!;
}

interface Raw {
  start: number;
  end: number;
  cont: boolean;
  lead: boolean;
  breaks: boolean;
}

/**
 * Aligns `ids` (an encoding of `text`, possibly truncated, special tokens included) to `text`. `special[i]` true
 * (a template token, or one from the other text of a pair) gives a null span and word.
 */
export function alignTokens(text: string, info: TokenizerInfo, ids: readonly number[], special: readonly boolean[]): TokenSpan[] {
  const norm = normalizeMapped(text, info.steps);
  const v = byteView(info.metaspace ? norm.text.split(info.metaspace).join(' ') : norm.text);
  const total = v.bytes.length,
    units = norm.text.length;
  const origAt = (b: number): number => (b < total ? norm.starts[v.unitOf[b]!]! : units > 0 ? norm.ends[units - 1]! : 0);
  const rangeOf = (b0: number, b1: number): [number, number] => {
    if (b1 <= b0) return [origAt(b0), origAt(b0)];
    const u0 = v.unitOf[b0]!,
      u1 = v.unitOf[b1 - 1]!;
    return [Math.min(norm.starts[u0]!, norm.starts[u1]!), Math.max(norm.ends[u0]!, norm.ends[u1]!)];
  };
  /** First byte whose original position is at or after `pos` (the map is monotonic). */
  const byteAtOrig = (pos: number): number => {
    let lo = 0,
      hi = units;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (norm.starts[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return v.byteOf[lo]!;
  };
  const isText = (i: number): boolean => !special[i];
  const raw: Array<Raw | null> = [];
  const push = ([start, end]: readonly [number, number], cont = false, lead = false, breaks = false): number => raw.push({ start, end, cont, lead, breaks });
  let cur = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const content = info.added.get(id);
    if (!isText(i)) raw.push(null);
    else if (id === info.unkId) {
      let c = cur;
      while (isSpaceByte(v.bytes[c])) c++;
      cur = info.kind === 'wordpiece' ? bertWordEnd(norm.text, v, c) : unkEnd(i, c);
      push(rangeOf(c, cur));
    } else if (content !== undefined) {
      const hit = locate(v, { bytes: encoder.encode(content), cont: false, lead: false }, cur);
      const from = origAt(cur),
        k = hit ? -1 : text.indexOf(content, from); // unnormalized added tokens
      if (hit) {
        push(rangeOf(hit[0], hit[1]), false, false, true);
        cur = hit[1];
      } else if (k >= 0 && k - from <= WINDOW) {
        push([k, k + content.length], false, false, true);
        cur = Math.max(cur, byteAtOrig(k + content.length));
      } else push([from, from], false, false, true);
    } else {
      const s = surfaceOf(info.vocab[id] ?? '', info);
      const hit = s.bytes.length > 0 ? locate(v, s, cur) : null;
      if (hit) cur = hit[1];
      push(hit ? rangeOf(hit[0], hit[1]) : [origAt(cur), origAt(cur)], s.cont, s.lead);
    }
  }
  return groupWords(text, info.kind, raw);

  /** BPE/Unigram [UNK]: up to where the next text token matches, else one code point. */
  function unkEnd(i: number, c: number): number {
    let j = i + 1;
    while (j < ids.length && (!isText(j) || ids[j] === info.unkId || info.added.has(ids[j]!))) j++;
    const hit = j < ids.length ? locate(v, surfaceOf(info.vocab[ids[j]!] ?? '', info), c) : null;
    let e = hit ? hit[0] : c;
    while (e > c && isSpaceByte(v.bytes[e - 1])) e--;
    return e > c ? e : c < total ? v.byteOf[v.unitOf[c]! + cpLength(norm.text, v.unitOf[c]!)]! : c;
  }
}

type CharClass = 'word' | 'punct';
/** Class of the first (or last) character of text[start, end) that is neither space nor a mark/format character. */
function edgeClass(text: string, start: number, end: number, fromEnd: boolean): CharClass | null {
  const chars = Array.from(text.slice(start, end)).filter((ch) => !/[\s\p{M}\p{Cf}]/u.test(ch));
  const ch = fromEnd ? chars.at(-1) : chars[0];
  return ch === undefined ? null : /[\p{L}\p{N}\p{Pc}]/u.test(ch) ? 'word' : 'punct';
}

function groupWords(text: string, kind: ModelKind, raw: ReadonlyArray<Raw | null>): TokenSpan[] {
  interface Prev {
    end: number;
    last: CharClass | null;
    loneSpace: boolean;
  }
  const out: TokenSpan[] = [];
  const isSpaceAt = (i: number): boolean => i >= 0 && /\s/u.test(text[i] ?? '');
  let word = -1,
    prev = null as Prev | null;
  for (const r of raw) {
    if (!r) {
      out.push({ start: null, end: null, word: null });
      prev = null;
      continue;
    }
    const before: Prev | null = prev,
      empty = r.end === r.start;
    let fresh: boolean;
    if (!before || r.breaks) fresh = true;
    else if (kind === 'wordpiece') fresh = !r.cont;
    else if (r.start < before.end && !empty)
      fresh = false; // shares a character with the previous token
    else if (empty && !r.lead)
      fresh = false; // unmatched: stays with the previous word
    else if (before.loneSpace && !r.lead && !isSpaceAt(r.start))
      fresh = false; // "Ġ" + "ðŁ", "▁" + "ñ"
    else if (r.lead || isSpaceAt(r.start) || isSpaceAt(r.start - 1)) fresh = true;
    else {
      const first = edgeClass(text, r.start, r.end, false);
      fresh = first !== null && before.last !== null && first !== before.last;
    }
    if (fresh) word++;
    out.push({ start: r.start, end: r.end, word });
    const loneSpace = r.lead && (empty || text.slice(r.start, r.end) === ' ');
    prev = r.breaks ? null : { end: Math.max(r.end, before?.end ?? 0), last: edgeClass(text, r.start, r.end, true) ?? before?.last ?? null, loneSpace };
  }
  return out;
}
