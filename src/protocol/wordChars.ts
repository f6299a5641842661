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

/** The character (code point) that starts at `i`, or undefined at the end; never half of a surrogate pair. */
function charAt(text: string, i: number): string | undefined {
  const code = text.codePointAt(i);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

/** The character (code point) that ends at `i`, or undefined at the start. */
function charBefore(text: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = text.charCodeAt(i - 1);
  const pair = i >= 2 && low >= 0xdc00 && low <= 0xdfff && text.charCodeAt(i - 2) >= 0xd800 && text.charCodeAt(i - 2) <= 0xdbff;
  return text.slice(pair ? i - 2 : i - 1, i);
}

/** Whether `i` falls between the two halves of one character. */
function splitsPair(text: string, i: number): boolean {
  const low = text.charCodeAt(i);
  const high = text.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
}

const isWord = (char: string | undefined): boolean => char !== undefined && WORD_CHAR.test(char);

/**
 * The word at or just before `offset` in `text` (a cursor at a word's end is on it, as the editor
 * has it), ending at punctuation and whitespace whatever the document's language: its word pattern
 * may be ASCII (reStructuredText's \w cuts "río" to "r") or hold "." ("río." would be judged, its
 * product taking the full stop's token). Read by character, so a letter outside the Basic
 * Multilingual Plane ("𝑥", "𠀀") is part of its word. Null on whitespace or punctuation between words.
 */
export function wordAround(text: string, offset: number): { start: number; end: number } | null {
  const at = splitsPair(text, offset) ? offset - 1 : offset;
  let start: number;
  if (isWord(charAt(text, at))) start = at;
  else if (isWord(charBefore(text, at))) start = at - charBefore(text, at)!.length;
  else return null;
  let end = start;
  while (isWord(charAt(text, end))) end += charAt(text, end)!.length;
  while (isWord(charBefore(text, start))) start -= charBefore(text, start)!.length;
  return { start, end };
}

/**
 * Whether `[start, end)` of `text` is whole words: it holds a letter or digit, cuts no word at either
 * end and no character in half.
 */
export function isWholeWords(text: string, start: number, end: number): boolean {
  if (splitsPair(text, start) || splitsPair(text, end) || !WORD_CHAR.test(text.slice(start, end))) return false;
  const cuts = (i: number): boolean => isWord(charBefore(text, i)) && isWord(charAt(text, i));
  return !cuts(start) && !cuts(end);
}
