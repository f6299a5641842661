/**
 * Where a command that goes on from the cursor works (pure; extension host and unit tests): Next
 * Word and Continue move a cursor a script put inside a grapheme to its end (graphemes.ts), take
 * the text before it from contextStart (textScope.ts), and need that text. Only a window around the
 * cursor is read, never the whole document: a whole read of a 30 MB document costs 50–200 ms after
 * each edit (test/integration/largeDocuments.test.ts). The answer is the one a whole read gives.
 *
 *   const at = cursorContext((s, e) => document.getText(rangeOf(s, e)), document.offsetAt(active), length);
 *   // { cursor: where to insert, from: where the text before it starts, before: that text }
 */
import { graphemeEnd } from '../../protocol/graphemes';
import { CONTEXT_BEFORE_CURSOR, contextStart } from '../analyses/textScope';

/** Characters read after the offset: more than graphemeEnd looks at (128), so that it sees what a whole read would. */
const READ_AFTER = 256;
/**
 * Characters read before the offset. contextStart goes CONTEXT_BEFORE_CURSOR back from the cursor,
 * then looks as far again for the start of that line: with one more, found or not within the
 * window, it answers as it would over the whole text (not found, the line starts further back, and
 * it cuts inside the line).
 */
export const READ_BEFORE = 2 * CONTEXT_BEFORE_CURSOR + 2;

export interface CursorContext {
  /** The cursor's offset, at a grapheme's end. */
  readonly cursor: number;
  /** Where the text before the cursor starts. */
  readonly from: number;
  /** The text `[from, cursor)`. */
  readonly before: string;
}

/** `read(start, end)`: that part of the text (offsets clamped to `length`, its length); `offset`: the cursor's. */
export function cursorContext(read: (start: number, end: number) => string, offset: number, length: number): CursorContext {
  const start = Math.max(0, offset - READ_BEFORE);
  const text = read(start, Math.min(length, offset + READ_AFTER));
  const cursor = start + graphemeEnd(text, offset - start);
  const from = start + contextStart(text, cursor - start);
  return { cursor, from, before: text.slice(from - start, cursor - start) };
}
