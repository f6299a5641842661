/**
 * What a command reads around the cursor when nothing is selected (pure; extension host and unit
 * tests): one rule, `blockAround`, for Analyze Selection, Compare and Mask Word (which reads it
 * around the masked word, selected or not, through `wordContext`: a long prose paragraph only as
 * the sentences around the word). In prose (Markdown, plain text and other non-code documents)
 * the paragraph around the cursor; in code the statement around the cursor (`scopeAround`: its
 * line, widened over following lines while brackets opened on it are still open, at most 40 lines;
 * brackets in strings and comments are not counted, codeBrackets.ts) with its block around it, up
 * to blank lines; in a Markdown code fence the same within the fence (on a fence line, the block's code). The statement alone is
 * too little: its first token has nothing before it, so a decoder's guess there reads nothing and
 * an encoder's filler reads it as the start of a sentence. Next Word and Continue read the text
 * before the cursor, from a line start a few thousand characters back (`contextStart`).
 */
import { bracketBalance, fenceLanguage } from './codeBrackets';

export interface Scope {
  readonly start: number;
  readonly end: number;
  readonly unit: 'paragraph' | 'statement' | 'line' | 'block';
}

const PROSE = new Set(['markdown', 'plaintext', 'latex', 'restructuredtext', 'asciidoc', 'git-commit', 'text']);
const MAX_STATEMENT_LINES = 40;
/** A code line longer than this (minified code, a data line) is a statement of its own, its brackets not counted. */
const LONG_LINE = 100_000;

/** How far back the text before the cursor reaches (characters); the engine windows to the model anyway. */
export const CONTEXT_BEFORE_CURSOR = 6000;

/**
 * Where the text before `cursor` starts: the start of the line CONTEXT_BEFORE_CURSOR characters
 * back. Within one very long line (minified code, a log line) that start could be the whole file
 * back: then the cut is inside the line, after the first whitespace past that point (or right at
 * it when none is near), never between the two halves of a surrogate pair.
 */
export function contextStart(text: string, cursor: number): number {
  const from = Math.max(0, cursor - CONTEXT_BEFORE_CURSOR);
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  if (from - lineStart <= CONTEXT_BEFORE_CURSOR) return lineStart;
  const space = text.slice(from, Math.min(cursor, from + 200)).search(/\s/u);
  if (space >= 0) return from + space + 1;
  return /[\uDC00-\uDFFF]/u.test(text[from] ?? '') ? from + 1 : from;
}

export function isProse(languageId: string): boolean {
  return PROSE.has(languageId);
}

export function scopeAround(text: string, offset: number, languageId: string): Scope {
  const lines = lineStarts(text);
  const line = lineOf(lines, Math.min(Math.max(offset, 0), text.length));
  const lineText = (n: number): string => lineAt(text, lines, n);
  const lineEnd = (n: number): number => lines[n] + lineText(n).length;
  const fence = languageId === 'markdown' ? fenceAround(lineText, lines.length, line) : null;
  if (fence && (line === fence.open || line === fence.close)) return trimmed(text, lines[fence.open + 1] ?? text.length, lineEnd(fence.close - 1), 'block');
  if (isProse(languageId) && !fence) {
    let first = line;
    let last = line;
    // A paragraph ends at a blank line, and in Markdown at a code fence.
    const joins = (n: number): boolean => lineText(n).trim() !== '' && !(languageId === 'markdown' && FENCE.test(lineText(n)));
    if (lineText(line).trim() !== '') {
      while (first > 0 && joins(first - 1)) first--;
      while (last + 1 < lines.length && joins(last + 1)) last++;
    }
    return trimmed(text, lines[first], lineEnd(last), 'paragraph');
  }
  // A line of minified code or a log is its own statement: its brackets are not counted (seconds on
  // the extension host's thread for a 50 MB line), and the engine windows it around the cursor.
  if (lineText(line).length > LONG_LINE) return trimmed(text, lines[line], lineEnd(line), 'line');
  const limit = Math.min(fence ? fence.close : lines.length, line + MAX_STATEMENT_LINES);
  // Brackets in strings and comments are not code: the fence's code reads as its info string's language.
  const language = fence ? fenceLanguage(lineText(fence.open)) : languageId;
  let depth = 0;
  let last = line;
  for (let n = line; n < limit; n++) {
    depth += bracketBalance(lineText(n), language);
    last = n;
    if (depth <= 0) break;
  }
  return trimmed(text, lines[line], lineEnd(last), last > line ? 'statement' : 'line');
}

/** The most lines a block of code reaches on each side of its statement, and the most characters it holds (blockAround). */
const MAX_BLOCK_LINES = 20;
const MAX_BLOCK_CHARS = 1_000;

/**
 * The context a prediction reads (Analyze Selection and Compare with nothing selected; Mask Word
 * through `wordContext`): in prose the paragraph, as scopeAround; in code the
 * statement's block, its lines added a line above, a line below in turn up to a blank line (at most
 * MAX_BLOCK_LINES each side and MAX_BLOCK_CHARS in all, within a Markdown fence). A statement alone
 * is too little: a masked keyword at the start of "return a + b;" reads as the start of a sentence
 * to the model, which then offers "If" and "When" where the function around it makes "return"
 * likely. The bound keeps the whole-word search (a few encoder runs over the whole text per piece
 * of the word) about as long as on a paragraph: on a 512-token window it took seconds.
 */
export function blockAround(text: string, offset: number, languageId: string): Scope {
  const statement = scopeAround(text, offset, languageId);
  // A blank line has no block: the command says there is nothing at the cursor.
  if (statement.unit === 'paragraph' || statement.unit === 'block' || statement.start >= statement.end) return statement;
  const lines = lineStarts(text);
  const lineText = (n: number): string => lineAt(text, lines, n);
  const fence = languageId === 'markdown' ? fenceAround(lineText, lines.length, lineOf(lines, statement.start)) : null;
  const top = fence ? fence.open + 1 : 0;
  const bottom = fence ? fence.close - 1 : lines.length - 1;
  const from = lineOf(lines, statement.start);
  let first = from;
  let last = lineOf(lines, statement.end);
  let size = statement.end - statement.start;
  const takes = (n: number): boolean => n >= top && n <= bottom && lineText(n).trim() !== '' && size + lineText(n).length + 1 <= MAX_BLOCK_CHARS;
  for (let up = true, down = true; up || down;) {
    up = up && from - first < MAX_BLOCK_LINES && takes(first - 1);
    if (up) size += lineText(--first).length + 1;
    down = down && last - lineOf(lines, statement.end) < MAX_BLOCK_LINES && takes(last + 1);
    if (down) size += lineText(++last).length + 1;
  }
  const end = lines[last] + lineText(last).length;
  return first === from && end <= statement.end ? statement : trimmed(text, lines[first], end, 'block');
}

/**
 * What a whole-word search reads around a word (Mask Word, Compare's encoder guess): blockAround, but
 * a prose paragraph longer than MAX_BLOCK_CHARS only as its sentences around the word
 * (`sentencesAround`), the bound code has. The search runs the encoder over the whole text a few
 * times per piece of the word: a plain-text file with no blank line is one paragraph, and at the
 * engine's 512-token window it took seconds. An analysis reads the whole paragraph.
 */
export function wordContext(text: string, offset: number, languageId: string): Scope {
  const block = blockAround(text, offset, languageId);
  return block.unit === 'paragraph' ? sentencesAround(text, block, offset) : block;
}

/** A sentence's end: its closing punctuation (and quotes or brackets after it) before whitespace. */
const SENTENCE_END = /[.!?…]+["'»”’)\]]*(?=\s)/gu;

/**
 * The sentences of `paragraph` around `offset`, added one before, one after in turn while they fit
 * in MAX_BLOCK_CHARS (the paragraph itself when it fits): a plain-text file whose lines no blank line
 * separates is one paragraph, and all of it would go to the whole-word search. A sentence longer
 * than the bound is cut at whitespace, half the bound each side of the offset.
 */
function sentencesAround(text: string, paragraph: Scope, offset: number): Scope {
  if (paragraph.end - paragraph.start <= MAX_BLOCK_CHARS) return paragraph;
  const body = text.slice(paragraph.start, paragraph.end);
  const bounds = [0, ...[...body.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length), body.length];
  const sentences = bounds
    .slice(0, -1)
    .map((b, i) => trimmed(body, b, bounds[i + 1], 'paragraph'))
    .filter((x) => x.end > x.start);
  const at = offset - paragraph.start;
  let k = sentences.findIndex((x) => at < x.end || x === sentences[sentences.length - 1]);
  if (k < 0) k = 0;
  const one = sentences[k];
  if (one.end - one.start > MAX_BLOCK_CHARS) {
    const half = MAX_BLOCK_CHARS / 2;
    let from = Math.max(one.start, Math.min(at - half, one.end - MAX_BLOCK_CHARS));
    let to = Math.min(one.end, from + MAX_BLOCK_CHARS);
    // Whole words at both ends: from after a space, to before one.
    if (from > one.start) from = afterSpace(body, from, at);
    const space = to < one.end ? body.lastIndexOf(' ', to) : -1;
    if (space > at) to = space;
    return trimmed(text, paragraph.start + from, paragraph.start + to, 'paragraph');
  }
  let [first, last] = [k, k];
  for (let up = true, down = true; up || down;) {
    up = up && first > 0 && sentences[last].end - sentences[first - 1].start <= MAX_BLOCK_CHARS;
    if (up) first--;
    down = down && last + 1 < sentences.length && sentences[last + 1].end - sentences[first].start <= MAX_BLOCK_CHARS;
    if (down) last++;
  }
  return { start: paragraph.start + sentences[first].start, end: paragraph.start + sentences[last].end, unit: 'paragraph' };
}

/** The first offset after a space at or after `from` (not past `limit`), or `from` when none. */
function afterSpace(text: string, from: number, limit: number): number {
  const space = text.indexOf(' ', from);
  return space >= 0 && space < limit ? space + 1 : from;
}

/** A fence line: up to three spaces, then three or more backticks or tildes (CommonMark). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The Markdown code fence holding line `at` (its opening line; its closing line, or the line count
 * when it runs to the end of the document, as Markdown reads an unclosed fence), or null.
 */
function fenceAround(lineText: (n: number) => string, count: number, at: number): { open: number; close: number } | null {
  let open = -1;
  let marker = '';
  for (let n = 0; n < count; n++) {
    const m = FENCE.exec(lineText(n));
    if (open < 0) {
      // An opening fence of backticks has none in its info string.
      if (m && !(m[1][0] === '`' && lineText(n).slice(m[0].length).includes('`'))) [open, marker] = [n, m[1]];
      else if (n >= at) return null;
    } else if (m && m[1][0] === marker[0] && m[1].length >= marker.length && lineText(n).slice(m[0].length).trim() === '') {
      if (at <= n) return { open, close: n };
      open = -1;
    }
  }
  return open >= 0 && open <= at ? { open, close: count } : null;
}

function trimmed(text: string, start: number, end: number, unit: Scope['unit']): Scope {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end, unit };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  // indexOf, not a loop over characters: a 50 MB file is scanned in milliseconds, not a quarter second.
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line `n` of `text` without its line end (`lines`: lineStarts), by index: no regex over a line of megabytes. */
function lineAt(text: string, lines: readonly number[], n: number): string {
  let end = n + 1 < lines.length ? lines[n + 1] : text.length;
  if (end > lines[n] && text[end - 1] === '\n') end--;
  if (end > lines[n] && text[end - 1] === '\r') end--;
  return text.slice(lines[n], end);
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
