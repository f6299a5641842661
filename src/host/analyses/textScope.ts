/**
 * What a command reads around the cursor when nothing is selected (pure; extension host and unit
 * tests): one rule, `blockAround`, for Analyze Selection, Compare and Mask Word (which reads it
 * around the masked word, selected or not, through `wordContext`: a long prose paragraph only as
 * the sentences around the word). In prose (Markdown, plain text and other non-code documents)
 * the paragraph around the cursor; in code the statement around the cursor (`scopeAround`: its
 * line, widened over following lines while brackets opened on it are still open or a final backslash
 * joins them, and over the lines above that a final backslash joins to it, at most 40 lines; brackets in strings and comments are not counted, codeBrackets.ts,
 * a docstring's or a block comment's lines included, multiLine.ts; a line inside a JavaScript
 * template literal reads the statement holding the template, templates.ts; a docstring or template
 * not closed yet, its lines from its opening quotes to the cursor) with its block around it, up
 * to blank lines; in a Markdown code fence the same within the fence, read as its info string's
 * language (on a fence line, the block's code). The statement alone is
 * too little: its first token has nothing before it, so a decoder's guess there reads nothing and
 * an encoder's filler reads it as the start of a sentence. Next Word and Continue read the text
 * before the cursor, from a line start a few thousand characters back (`contextStart`).
 */
import { fenceLanguage, lineBrackets } from './codeBrackets';
import { FENCE, fenceAt, markdownFences, NearLines, type Fence, type Versioned } from './nearLines';
import { openAbove, openingAt, type Inside } from './multiLine';
import { maskTemplates, templateAt, templateSpans, type Template } from './templates';

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

/**
 * `document`, when given, is the open document `text` is the text of: a Markdown document's code
 * fences are then found once per version of it, not on every command.
 */
export function scopeAround(text: string, offset: number, languageId: string, document?: Versioned): Scope {
  return statementAround(new NearLines(text, offset), text, languageId, document).scope;
}

/** scopeAround over the lines around the cursor (line 0), with the statement's last line and the fence that holds it. */
function statementAround(
  lines: NearLines,
  text: string,
  languageId: string,
  document?: Versioned,
): { scope: Scope; first: number; last: number; fence: Fence | null } {
  const lineText = (n: number): string => lines.line(n);
  const start = (n: number): number => lines.start(n) ?? text.length;
  const fence = languageId === 'markdown' ? fenceAt(markdownFences(text, document), start(0)) : null;
  if (fence && (start(0) === fence.open || start(0) === fence.close)) {
    const body = text.indexOf('\n', fence.open);
    return { scope: trimmed(text, body < 0 ? text.length : body + 1, fenceBodyEnd(text, fence), 'block'), first: 0, last: 0, fence };
  }
  if (isProse(languageId) && !fence) {
    let first = 0;
    let last = 0;
    // A paragraph ends at a blank line, and in Markdown at a code fence.
    const joins = (n: number): boolean => lines.has(n) && lineText(n).trim() !== '' && !(languageId === 'markdown' && FENCE.test(lineText(n)));
    if (lineText(0).trim() !== '') {
      while (joins(first - 1)) first--;
      while (joins(last + 1)) last++;
    }
    return { scope: trimmed(text, start(first), lines.end(last), 'paragraph'), first, last, fence };
  }
  // A line of minified code or a log is its own statement: its brackets are not counted (seconds on
  // the extension host's thread for a 50 MB line), and the engine windows it around the cursor.
  if (lines.end(0) - start(0) > LONG_LINE) return { scope: trimmed(text, start(0), lines.end(0), 'line'), first: 0, last: 0, fence };
  // Within a fence, up to its closing line.
  const inside = (n: number): boolean => lines.has(n) && (!fence || start(n) < fence.close);
  // Brackets in strings and comments are not code: the fence's code reads as its info string's language.
  const language = fence ? fenceLanguage(fence.openLine) : languageId;
  // Template literals (JavaScript, TypeScript): their text is not code, and a statement goes on while one is open.
  const templates = fence ? templatesInFence(text, fence, language) : templateSpans(text, languageId, document);
  const template = templateAt(templates, start(0));
  // A line inside a docstring is read as the string it is (not as code), and so is a string going on past a line.
  const string =
    (fence ? stringInFence(text, lines, fence, language) : openingAt(text, start(0), languageId, document)) ??
    (template && { closer: '`', open: template.open, closed: template.close <= text.length });
  // A docstring or a template being typed (not closed): the lines from its opening quotes to the cursor, when that is near.
  if (string && !string.closed) {
    const first = lineOf(lines, string.open);
    if (first !== null) return { scope: trimmed(text, start(first), lines.end(0), 'statement'), first, last: 0, fence };
  }
  const codeStart = fence ? fenceBody(text, fence) : 0;
  const above = template || string ? null : openAbove(lines, language, codeStart);
  // A line inside a template reads the statement that holds it, from the template's first line when
  // that is near; a line that a final backslash joins to the one above, from the first line joined.
  const first = template ? (lineOf(lines, template.open) ?? 0) : string || above !== null ? 0 : joinedFrom(lines, codeStart);
  let open = template ? null : (string?.closer ?? above);
  let depth = 0;
  let last = first;
  for (let n = first; n - first < MAX_STATEMENT_LINES && inside(n); n++) {
    const masked = maskTemplates(templates, lineText(n), start(n), text.length);
    const line = lineBrackets(masked.line, language, open);
    depth += line.depth;
    open = line.open;
    last = n;
    // A final backslash joins the next line to the statement (Python, shell, a C macro), and so does an open template.
    if (depth <= 0 && !line.continued && !masked.open) break;
  }
  return { scope: trimmed(text, start(first), lines.end(last), last > first ? 'statement' : 'line'), first, last, fence };
}

/** The first of the lines that final backslashes join to line 0 (0 when the line above ends in none), at most MAX_STATEMENT_LINES up, none before `from`. */
function joinedFrom(lines: NearLines, from: number): number {
  let n = 0;
  while (n > 1 - MAX_STATEMENT_LINES && (lines.start(n - 1) ?? -1) >= from && lines.line(n - 1).endsWith('\\')) n--;
  return n;
}

/** The line (0 or above, at most MAX_STATEMENT_LINES up) that holds `offset`, or null when it is farther up. */
function lineOf(lines: NearLines, offset: number): number | null {
  for (let n = 0; n > -MAX_STATEMENT_LINES; n--) {
    const start = lines.start(n);
    if (start === undefined) return null;
    if (start <= offset) return n;
  }
  return null;
}

/** The docstring line 0 starts inside within a fence's code, read as its language's file: nothing outside the fence counts. */
function stringInFence(text: string, lines: NearLines, fence: Fence, language: string): Inside | null {
  const body = fenceBody(text, fence);
  const string = openingAt(text.slice(body, Math.min(fence.close, text.length)), (lines.start(0) ?? text.length) - body, language);
  return string && { ...string, open: string.open + body };
}

/** The template literals of a fence's code, read as its language's file, at their places in the whole text. */
function templatesInFence(text: string, fence: Fence, language: string): readonly Template[] {
  const body = fenceBody(text, fence);
  const code = text.slice(body, Math.min(fence.close, text.length));
  // One not closed in the fence is not closed at all (its close past the text's end).
  return templateSpans(code, language).map((t) => ({ open: t.open + body, close: t.close < code.length ? t.close + body : text.length + 1 }));
}

/** Where a fence's code starts: the line after its opening line. */
function fenceBody(text: string, fence: Fence): number {
  const newline = text.indexOf('\n', fence.open);
  return newline < 0 ? text.length : newline + 1;
}

/** Where a fence's code ends: the end of the line before its closing line, or the text's end when it has none. */
function fenceBodyEnd(text: string, fence: Fence): number {
  if (fence.close > text.length) return text.length;
  const end = fence.close - 1;
  return text[end - 1] === '\r' ? end - 1 : end;
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
 * `document`: as scopeAround's.
 */
export function blockAround(text: string, offset: number, languageId: string, document?: Versioned): Scope {
  const lines = new NearLines(text, offset);
  const { scope: statement, first: firstLine, last: lastLine, fence } = statementAround(lines, text, languageId, document);
  // A blank line has no block: the command says there is nothing at the cursor.
  if (statement.unit === 'paragraph' || statement.unit === 'block' || statement.start >= statement.end) return statement;
  const lineText = (n: number): string => lines.line(n);
  // The statement's end may sit on a line before its last one read (blank lines after an open bracket).
  let endLine = lastLine;
  while (endLine > firstLine && (lines.start(endLine) ?? 0) > statement.end) endLine--;
  let first = firstLine;
  let last = endLine;
  let size = statement.end - statement.start;
  const within = (n: number): boolean => {
    const start = lines.start(n);
    return start !== undefined && (!fence || (start > fence.open && start < fence.close));
  };
  const takes = (n: number): boolean => within(n) && lineText(n).trim() !== '' && size + lineText(n).length + 1 <= MAX_BLOCK_CHARS;
  for (let up = true, down = true; up || down;) {
    up = up && firstLine - first < MAX_BLOCK_LINES && takes(first - 1);
    if (up) size += lineText(--first).length + 1;
    down = down && last - endLine < MAX_BLOCK_LINES && takes(last + 1);
    if (down) size += lineText(++last).length + 1;
  }
  const end = lines.end(last);
  return first === firstLine && end <= statement.end ? statement : trimmed(text, lines.start(first) ?? 0, end, 'block');
}

/**
 * What a whole-word search reads around a word (Mask Word, Compare's encoder guess): blockAround, but
 * a prose paragraph longer than MAX_BLOCK_CHARS only as its sentences around the word
 * (`sentencesAround`), and a statement longer than that (a line of minified code) only as the
 * bound's words around the word: the bound a block of code has. The search runs the encoder over
 * the whole text a few times per piece of the word: a plain-text file with no blank line is one
 * paragraph, and at the engine's 512-token window it took seconds. An analysis reads the whole
 * paragraph.
 */
export function wordContext(text: string, offset: number, languageId: string, document?: Versioned): Scope {
  const block = blockAround(text, offset, languageId, document);
  if (block.unit === 'paragraph') return sentencesAround(text, block, offset);
  return block.end - block.start > MAX_BLOCK_CHARS ? wordsAround(text, block, offset) : block;
}

/**
 * MAX_BLOCK_CHARS of `scope` around `offset`, half the bound each side where the scope allows,
 * cut at spaces so that both ends are whole words (at the bound itself where no space is near).
 */
function wordsAround(text: string, scope: Scope, offset: number): Scope {
  const half = MAX_BLOCK_CHARS / 2;
  let from = Math.max(scope.start, Math.min(offset - half, scope.end - MAX_BLOCK_CHARS));
  let to = Math.min(scope.end, from + MAX_BLOCK_CHARS);
  // Whole words at both ends: from after a space, to before one.
  if (from > scope.start) from = afterSpace(text, from, offset);
  const space = to < scope.end ? text.lastIndexOf(' ', to) : -1;
  if (space > offset) to = space;
  return trimmed(text, from, to, scope.unit);
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
  if (one.end - one.start > MAX_BLOCK_CHARS)
    return wordsAround(text, { start: paragraph.start + one.start, end: paragraph.start + one.end, unit: 'paragraph' }, offset);
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

function trimmed(text: string, start: number, end: number, unit: Scope['unit']): Scope {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end, unit };
}
