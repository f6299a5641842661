/**
 * What a word is made of, in one place (pure TypeScript, all runtimes): letters, marks, digits and
 * the underscore, of any script. Mask Word's whole-word test, Compare's word at the cursor, the
 * completed word of a next-word list, the word lessons' occurrences and the whole-word search's
 * pieces all read this one pattern.
 *
 *   isWordChar('í');                        // true
 *   wordAround('el río.', 5);               // { start: 3, end: 6 }: "río", not "río."
 *   isWholeWords('The river bank', 10, 14); // true
 */

const WORD_CHAR = /[\p{L}\p{M}\p{N}_]/u;

/** Whether `char` (one character) continues a word. */
export function isWordChar(char: string): boolean {
  return WORD_CHAR.test(char);
}

/**
 * The word at or just before `offset` in `text` (a cursor at a word's end is on it, as the editor
 * has it), ending at punctuation and whitespace whatever the document's language: its word pattern
 * may be ASCII (reStructuredText's \w cuts "río" to "r") or hold "." ("río." would be judged, its
 * product taking the full stop's token). Null on whitespace or punctuation between words.
 */
export function wordAround(text: string, offset: number): { start: number; end: number } | null {
  const isWord = (i: number): boolean => i >= 0 && i < text.length && WORD_CHAR.test(text[i]);
  let start = isWord(offset) ? offset : isWord(offset - 1) ? offset - 1 : -1;
  if (start < 0) return null;
  let end = start + 1;
  while (isWord(start - 1)) start--;
  while (isWord(end)) end++;
  return { start, end };
}

/** Whether `[start, end)` of `text` is whole words: it holds a letter or digit and cuts no word at either end. */
export function isWholeWords(text: string, start: number, end: number): boolean {
  if (!WORD_CHAR.test(text.slice(start, end))) return false;
  const cuts = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && WORD_CHAR.test(a) && WORD_CHAR.test(b);
  return !cuts(text[start - 1], text[start]) && !cuts(text[end - 1], text[end]);
}
