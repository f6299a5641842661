/**
 * How much of a long range the engine reads around its focus, and the cut of it a caller sends
 * (pure; engine and extension host). The engine tokenizes a range much longer than the model's
 * window only around the focus (analyze.ts `windowed`: FIRST_CUT characters each side, doubled
 * while the window is too near the cut's edges), so the extension host sends a line of megabytes
 * (minified code, a log) as SENT_CUTS first cuts each side of the focus, with how many characters
 * of the range lie outside (`AnalyzeRequest.outside`): the engine picks the same window and
 * estimates the same total as on the whole range, without 100 MB crossing to the worker.
 *
 *   const cut = cutAround(line, { focus: 25_000_000, maxTokens: 512 }); // a 50 MB line
 *   // { offset: 24_868_928, text: <262,144 characters>, outside: { before: 24_868_928, after: 24_868_928 } }
 */

/** Characters per token assumed when a long range is cut around the focus before tokenizing (the cut widens when short). */
export const CUT_CHARS_PER_TOKEN = 8;
/** The least margin each side of the focus: a range this short is tokenized whole (milliseconds), so its total stays exact. */
export const CUT_MIN_MARGIN = 32_768;

/** The engine's first cut, each side of the focus, for a window of `limit` tokens (a tokenizer that grows the text cuts narrower). */
export function firstCut(limit: number): number {
  return Math.max(limit * CUT_CHARS_PER_TOKEN, CUT_MIN_MARGIN);
}

/** How many first cuts a sender keeps each side: the engine's cut doubles twice before it reads past them. */
const SENT_CUTS = 4;

export interface TextCut {
  /** Where the text sent starts in the range. */
  readonly offset: number;
  readonly text: string;
  /** Characters of the range before and after the text sent. */
  readonly outside: { readonly before: number; readonly after: number };
}

/**
 * The part of `text` (a range to analyze) the engine needs for a window of at most `maxTokens`
 * around `focus`, or null when the range is short enough to send whole, or when the cut would leave
 * out a range to mask or hold only whitespace (the engine then reads the whole range, as before).
 * The cut never splits a surrogate pair or a CRLF.
 */
export function cutAround(
  text: string,
  at: { readonly focus: number; readonly maxTokens: number; readonly keep?: readonly { readonly start: number; readonly end: number }[] },
  /** `text` is the part of a longer range from `offset`, of `length` in all; it must hold `nearFocus` of it. */
  part: { readonly offset: number; readonly length: number } = { offset: 0, length: text.length },
): TextCut | null {
  const margin = sentMargin(at.maxTokens);
  if (part.length <= 4 * margin) return null;
  const focus = Math.min(Math.max(at.focus, 0), part.length);
  let start = Math.max(0, focus - margin);
  let end = Math.min(part.length, focus + margin);
  if (splits(text, start - part.offset)) start--;
  if (splits(text, end - part.offset)) end++;
  if ((at.keep ?? []).some((r) => r.start < start || r.end > end)) return null;
  const cut = text.slice(start - part.offset, end - part.offset);
  if (cut.trim() === '') return null;
  return { offset: start, text: cut, outside: { before: start, after: part.length - end } };
}

/** How many characters each side of the focus a cut keeps, for a window of `maxTokens`. */
export function sentMargin(maxTokens: number): number {
  return SENT_CUTS * firstCut(maxTokens);
}

/**
 * The characters of a range of `length` that `cutAround` reads around `focus`: its cut and one
 * character each side (a cut widens over a surrogate pair or a CRLF there). A caller that reads the
 * range from a document reads only these, then the whole range if the cut is null.
 */
export function nearFocus(length: number, focus: number, maxTokens: number): { readonly start: number; readonly end: number } {
  const margin = sentMargin(maxTokens);
  const at = Math.min(Math.max(focus, 0), length);
  return { start: Math.max(0, at - margin - 1), end: Math.min(length, at + margin + 1) };
}

/** A request's `outside`, checked: counts of characters, 0 where not a non-negative integer. */
export function outsideOf(request: { readonly outside?: { readonly before: unknown; readonly after: unknown } }): TextCut['outside'] {
  const count = (n: unknown): number => (typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : 0);
  return { before: count(request.outside?.before), after: count(request.outside?.after) };
}

/** Whether offset `at` falls between a surrogate pair's halves or a CRLF's. */
function splits(text: string, at: number): boolean {
  if (!(at > 0 && at < text.length)) return false;
  const [a, b] = [text.charCodeAt(at - 1), text.charCodeAt(at)];
  return (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff) || (a === 13 && b === 10);
}
