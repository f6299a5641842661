/**
 * Grapheme boundaries (pure; host, engine and webview may import it). A cursor that a script or a
 * command's `at` offset puts inside a character sequence a person reads as one — between an emoji
 * and the zero-width joiner of "👨 U+200D 💻", between a letter and its combining accent, between
 * the halves of a surrogate pair — is moved to the end of that sequence, so that an insertion
 * never splits it (Next Word wrote "👨Utils" before the joiner).
 *
 *   graphemeEnd('a👨\u200D💻b', 3);   // 6: after the whole sequence
 *   graphemeEnd('ab', 1);              // 1: already between two characters
 */

/** Characters read on each side of the offset; a sequence longer than this is cut there. */
const AROUND = 128;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `offset` (UTF-16) when it lies between two graphemes, else the end of the grapheme it lies in. */
export function graphemeEnd(text: string, offset: number): number {
  if (offset <= 0 || offset >= text.length) return Math.max(0, Math.min(offset, text.length));
  // Only the text around the offset is segmented: a document may be megabytes on one line.
  let start = Math.max(0, offset - AROUND);
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  const window = text.slice(start, Math.min(text.length, offset + AROUND));
  const segment = segmenter.segment(window).containing(offset - start);
  if (!segment || segment.index + start === offset) return offset;
  return start + segment.index + segment.segment.length;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
