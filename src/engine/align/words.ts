// Grouping aligned tokens into words (step 5 of the design in align.ts), and the span each token gets.
// Engine runtime (plain Node).
import type { ModelKind } from './tokenizerInfo';

/** `[start, end)` in UTF-16 units of the original text, and the word index; all null for special tokens. */
export interface TokenSpan {
  readonly start: number | null;
  readonly end: number | null;
  readonly word: number | null;
}

export interface Raw {
  start: number;
  end: number;
  cont: boolean;
  lead: boolean;
  breaks: boolean;
}

type CharClass = 'word' | 'punct';
/** Class of the first (or last) character of text[start, end) that is neither space nor a mark/format character. */
function edgeClass(text: string, start: number, end: number, fromEnd: boolean): CharClass | null {
  const chars = Array.from(text.slice(start, end)).filter((ch) => !/[\s\p{M}\p{Cf}]/u.test(ch));
  const ch = fromEnd ? chars.at(-1) : chars[0];
  return ch === undefined ? null : /[\p{L}\p{N}\p{Pc}]/u.test(ch) ? 'word' : 'punct';
}

export function groupWords(text: string, kind: ModelKind, raw: ReadonlyArray<Raw | null>): TokenSpan[] {
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
