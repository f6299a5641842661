/**
 * Sentences of a document's text for next-sentence prediction (extension host, free of `vscode` so
 * that it is unit-tested in Node): a sentence ends at . ! ? (and closing quotes, « » too, or brackets after
 * them) followed by white space, or at a blank line, but not at the full stop of a title or a common
 * abbreviation ("Sr.", "Mr.", "p. ej."); its range leaves the white space around it out.
 *
 *   const all = sentencesOf('I am going outside. I will be back after 6.');
 *   const at = sentenceAt(all, 3); // the first
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * A sentence's end: . ! ? … with the closing quotes (English ” ’, Spanish » ›) or brackets after them, then white space; or a
 * blank line, whatever the line ends ("\r\n\r\n" in a file with Windows line ends: its CR is a blank line's white space).
 */
const END = /[.!?…]+["'”’»›)\]]*(?=\s|$)|\n[ \t\r]*\n/g;

/**
 * Words whose full stop is an abbreviation's, not a sentence's end: titles before a name and a few
 * abbreviations that run on mid-sentence, in Spanish and English (the students' two languages).
 * "etc." is not one: it often ends its sentence.
 */
const ABBREVIATION = /(?:^|[\s(«"“¿¡])(?:sra?|srta|sres|dra?|lic|ing|prof|ud|uds|vd|vds|mr|mrs|ms|st|vs|ej|p\. ej|e\.g|i\.e)$/iu;

/** Whether the full stop at `dot` closes an abbreviation ("p." of "p. ej." included). */
function abbreviated(text: string, dot: number): boolean {
  const before = text.slice(Math.max(0, dot - 8), dot);
  return ABBREVIATION.test(before) || (/(?:^|\s)p$/iu.test(before) && /^\s+ej\./iu.test(text.slice(dot + 1, dot + 8)));
}

/** The sentences of `text`, in order, each without the white space around it. */
export function sentencesOf(text: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  const push = (start: number, end: number): void => {
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end > start) spans.push({ start, end });
  };
  for (const m of text.matchAll(END)) {
    const blank = m[0].startsWith('\n');
    // "El Sr. García": a single full stop after a title runs on (the word before it, read back a few characters).
    if (!blank && m[0] === '.' && abbreviated(text, m.index)) continue;
    push(from, blank ? m.index : m.index + m[0].length);
    from = m.index + m[0].length;
  }
  push(from, text.length);
  return spans;
}

/** The index of the sentence that holds `offset` (or the nearest one before it); -1 when there is none. */
export function sentenceAt(spans: readonly Span[], offset: number): number {
  let found = -1;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].start > offset) break;
    found = i;
  }
  return found === -1 && spans.length > 0 ? 0 : found;
}

/** The sentence that starts after `offset` (the end of A), or null. */
export function sentenceAfter(spans: readonly Span[], offset: number): Span | null {
  return spans.find((s) => s.start >= offset) ?? null;
}

/**
 * A sentence from elsewhere for "try a random B": any sentence but A, the sentence after A, and
 * copies of either; `random` is a number in [0, 1). Null when the document has no other sentence.
 */
export function randomOther(text: string, spans: readonly Span[], a: string, next: string | null, random: number): Span | null {
  const others = spans.filter((s) => {
    const words = text.slice(s.start, s.end);
    return words !== a && words !== next && words.trim().length > 0;
  });
  return others.length === 0 ? null : others[Math.min(others.length - 1, Math.floor(random * others.length))];
}
