/**
 * The edges of an analysis window moved off the middle of a character (engine runtime). A window of
 * maxTokens ends where its last token ends, which may be inside what a person reads as one
 * character — an emoji's joined sequence, a flag's pair, a letter and its accents, a keycap, a
 * surrogate pair, a CRLF: one grapheme — and half of one reads as another character ("👨‍" for a
 * family, a flag re-paired into another country's). Each edge moves inward to the nearest grapheme
 * boundary, unless the window would be left empty (one grapheme longer than the window is cut).
 *
 *   inwardEdges('a 👨\u200D👩 b', 0, 4); // { start: 0, end: 2 }: the family is left out whole
 */
import { graphemeEnd } from '../protocol/graphemes';

/** Characters read before an offset to find the grapheme it lies in; a longer one is cut there. */
const AROUND = 128;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `offset` when it lies between two graphemes of `text`, else the start of the grapheme it lies in. */
export function graphemeStart(text: string, offset: number): number {
  if (offset <= 0 || offset >= text.length) return offset;
  // Only the text around the offset is segmented: a document may be megabytes on one line.
  let from = Math.max(0, offset - AROUND);
  if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from])) from--;
  const segment = segmenter.segment(text.slice(from, Math.min(text.length, offset + AROUND))).containing(offset - from);
  return segment ? from + segment.index : offset;
}

/** The window [start, end) of `text` with each edge moved inward off the middle of a grapheme. */
export function inwardEdges(text: string, start: number, end: number): { start: number; end: number } {
  const after = graphemeEnd(text, start);
  const ws = after < end ? after : start;
  const before = graphemeStart(text, end);
  return { start: ws, end: before > ws ? before : end };
}
