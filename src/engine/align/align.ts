// Token → source-text alignment. Engine runtime (plain Node; never imports `vscode`).
// transformers.js returns ids but no offset mapping, so this module recovers, for every token, the exact
// `[start, end)` UTF-16 range of the ORIGINAL text it stands for, and a word index for subword→word merging.
// Use: `const info = tokenizerInfo(tokenizer)` once, then `alignTokens(text, info, ids, textTokenMask(...))`.
// Files: tokenizerInfo.ts (step 1 below), normalize.ts (2), byteMatch.ts (3, 4), words.ts (5); this one drives them.
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
import { bertWordEnd, byteView, encoder, isSpaceByte, locate, surfaceOf, WINDOW } from './byteMatch';
import { cpLength, normalizeMapped } from './normalize';
import type { TokenizerInfo } from './tokenizerInfo';
import { groupWords, type Raw, type TokenSpan } from './words';

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

/**
 * Aligns `ids` (an encoding of `text`, possibly truncated, special tokens included) to `text`. `special[i]` true
 * (a template token, or one from the other text of a pair) gives a null span and word. `pieces`: the encoding's
 * own token strings, read before the id → token table: a vocabulary with two keys for one id (a renamed twin)
 * decodes the id to the other key, which is not in the text. Without them, the table.
 */
export function alignTokens(text: string, info: TokenizerInfo, ids: readonly number[], special: readonly boolean[], pieces?: readonly string[]): TokenSpan[] {
  const pieceOf = (i: number): string => pieces?.[i] ?? info.vocab[ids[i]!] ?? '';
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
      const s = surfaceOf(pieceOf(i), info);
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
    const hit = j < ids.length ? locate(v, surfaceOf(pieceOf(j), info), c) : null;
    let e = hit ? hit[0] : c;
    while (e > c && isSpaceByte(v.bytes[e - 1])) e--;
    return e > c ? e : c < total ? v.byteOf[v.unitOf[c]! + cpLength(norm.text, v.unitOf[c]!)]! : c;
  }
}
