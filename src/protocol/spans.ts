/**
 * Which tokens cover a range of characters (pure; engine, host, course). A token covers `[start, end)`
 * when its half-open character span shares at least one character with it; a token with no span (a
 * special token, a piece of a character cut across tokens) covers nothing. Token spans may count
 * from an analyzed window's first character: `base` moves them to the range's coordinates.
 *
 *   tokensCovering([{ start: 0, end: 3 }, { start: 3, end: 8 }], 4, 6)  // [1]
 */
import { neutralise } from './neutralise';

/** A span of characters, half-open; null where there is none. */
export interface MaybeSpan {
  readonly start: number | null;
  readonly end: number | null;
}

/** Whether `[aStart, aEnd)` and `[bStart, bEnd)` share a character. */
export function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && aEnd > bStart;
}

/** The indices of `tokens` whose span (shifted by `base`) shares a character with `[start, end)`, in order. */
export function tokensCovering(tokens: readonly MaybeSpan[], start: number, end: number, base = 0): number[] {
  return tokens.flatMap((t, i) => (t.start !== null && t.end !== null && overlaps(base + t.start, base + t.end, start, end) ? [i] : []));
}

/**
 * The engine's words for a masked range that no token covers: a word-piece tokenizer leaves out
 * some characters (U+FFFD, controls, format characters), which are then named, neutralised.
 */
export function noTokenIn(text: string, range: { readonly start: number; readonly end: number }): string {
  const chars = neutralise(text.slice(range.start, range.end), 40);
  const what = chars.trim() === '' ? '' : ` (“${chars}”): the model’s tokenizer leaves them out; mask a word beside them`;
  return `no token of the analyzed text lies in characters ${range.start}–${range.end}${what}`;
}
