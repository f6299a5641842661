/**
 * Whether a masked range is whole words (pure; extension host and unit tests): Mask Word offers
 * whole-word fillers for it, or, for part of a word, its first token's fillers.
 */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

/** Whether `[start, end)` of `text` is whole words: it holds a letter or digit and cuts no word at either end. */
export function isWholeWords(text: string, start: number, end: number): boolean {
  if (!WORD_CHAR.test(text.slice(start, end))) return false;
  const cuts = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && WORD_CHAR.test(a) && WORD_CHAR.test(b);
  return !cuts(text[start - 1], text[start]) && !cuts(text[end - 1], text[end]);
}
