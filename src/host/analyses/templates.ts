/**
 * Where JavaScript and TypeScript template literals run over lines (pure; extension host and unit
 * tests), for the statement rule of textScope.ts: a template's lines are text (an SQL query, HTML),
 * and the statement that holds one goes on to its closing backtick. Read line by line, a template's
 * "SELECT (a," opened a bracket that ran the statement on out of it; carried from line to line as a
 * quote, a nested template in its `${…}` read as its close. So the templates are found from the
 * whole text, once per version of the open document (as Python docstrings are, multiLine.ts): each
 * backtick or `/*` that the line lexer reads as code opens one, whose close is found
 * reading its `${…}` as code (strings, comments, regular expressions, nested templates, braces). Without a document (a
 * Markdown fence's code, a one-off call) only a short text is read: each call would read it whole.
 *
 *   templateSpans('q = `\na (\n`;', 'typescript', doc); // [{ open: 4, close: 9 }]
 */
import { lineBrackets } from './codeBrackets';
import { regexEnd, startsRegex } from './regexLiterals';
import { finder } from './multiLine';
import type { Versioned } from './nearLines';

const TEMPLATE_LANGUAGES = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact']);

/** A template literal: its opening backtick, and its closing one (past the text's end when unclosed). */
export interface Template {
  readonly open: number;
  readonly close: number;
}

/**
 * The longest line whose backticks are read (a longer one, minified or generated code, opens none),
 * and how many characters the whole-text read may lex per character of text before it gives up:
 * each backtick's line is lexed twice, and 5 MB of lines full of '"`"' took a second.
 */
const MAX_LINE = 2_000;
const LEX_PER_CHAR = 2;

/** The longest text whose templates are found without a document to cache them for (a Markdown fence's code, a one-off call). */
const UNCACHED_CHARS = 20_000;

/** Every template literal of `text` that is not inside another, in order; none in another language, or in a long text without a document. */
export function templateSpans(text: string, languageId: string, document?: Versioned): readonly Template[] {
  if (!TEMPLATE_LANGUAGES.has(languageId) || (!document && text.length > UNCACHED_CHARS)) return [];
  const cached = document && cache.get(document);
  if (cached && cached.version === document.version && cached.length === text.length && cached.languageId === languageId) return cached.spans;
  const spans: Template[] = [];
  // Where the code after the last template or block comment starts: the lexer reads an opener's line from there.
  let codeFrom = 0;
  let budget = LEX_PER_CHAR * text.length + 100_000;
  const next = finder(text, ['`', '/*']);
  for (let found = next(0); found && budget > 0;) {
    const { at, token } = found;
    const from = Math.max(text.lastIndexOf('\n', at - 1) + 1, codeFrom);
    const newline = text.indexOf('\n', at);
    const lineEnd = newline < 0 ? text.length : newline;
    if (lineEnd - from > MAX_LINE) {
      found = newline < 0 ? null : next(newline + 1);
      continue;
    }
    const line = text.slice(from, lineEnd);
    budget -= 2 * line.length;
    if (!isCode(line, at - from, languageId)) {
      found = next(at + 1);
      continue;
    }
    const close = token === '/*' ? text.indexOf('*/', at + 2) : templateEnd(text, at + 1);
    if (token === '`') spans.push({ open: at, close: close < 0 ? text.length + 1 : close });
    if (close < 0) break;
    codeFrom = close + token.length;
    found = next(codeFrom);
  }
  if (document) cache.set(document, { version: document.version, length: text.length, languageId, spans });
  return spans;
}

const cache = new WeakMap<Versioned, { readonly version: number; readonly length: number; readonly languageId: string; readonly spans: readonly Template[] }>();

/**
 * Whether the character at `i` of a line (read from code) is code, not in a string, a comment or a
 * regular expression: a bracket put there counts only then. The whole line is read, as a regular
 * expression's closing `/` may come after `i`.
 */
function isCode(line: string, i: number, languageId: string): boolean {
  const put = (ch: string): number => lineBrackets(line.slice(0, i) + ch + line.slice(i + 1), languageId).depth;
  return put('(') > put(' ');
}

/**
 * The closing backtick of the template whose text starts at `from`, or -1. Its `${…}` is code, up to
 * the `}` that closes it: strings, comments, regular expressions and braces there are read as such, and a backtick opens
 * a nested template.
 */
function templateEnd(text: string, from: number): number {
  // Innermost last: 'text' inside a template, or the braces open inside a `${…}`.
  const frames: ('text' | number)[] = ['text'];
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    const top = frames[frames.length - 1];
    if (top === 'text') {
      if (ch === '\\') i++;
      else if (ch === '`') {
        frames.pop();
        if (frames.length === 0) return i;
      } else if (ch === '$' && text[i + 1] === '{') {
        frames.push(0);
        i++;
      }
    } else if (ch === '`') frames.push('text');
    else if (ch === '{') frames[frames.length - 1] = top + 1;
    else if (ch === '}') {
      if (top === 0) frames.pop();
      else frames[frames.length - 1] = top - 1;
    } else if (ch === '"' || ch === "'") i = stringEnd(text, i);
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (ch === '/' && startsRegex(text, i)) i = Math.max(i, regexEnd(text, i));
  }
  return -1;
}

/** The closing quote of the one-line string opened at `open` (a backslash escapes), or its line's end. */
function stringEnd(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length && text[i] !== text[open] && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** The template that holds the start of a line (`lineStart`), or null: one whose opening backtick is before it and closing one at or after it. */
export function templateAt(spans: readonly Template[], lineStart: number): Template | null {
  const k = firstEndingAfter(spans, lineStart);
  return k < spans.length && spans[k].open < lineStart ? spans[k] : null;
}

/**
 * A line of code with its templates' text blanked (their brackets and quotes are not code), and
 * whether a template the text closes (one ending at or before `textLength`) is still open at its
 * end: the statement then goes on to the next line. One never closed (a stray backtick, a template
 * being typed) carries no statement on, or each line below it would read 40 lines.
 */
export function maskTemplates(spans: readonly Template[], line: string, lineStart: number, textLength: number): { line: string; open: boolean } {
  let masked = line;
  let open = false;
  const lineEnd = lineStart + line.length;
  for (let k = firstEndingAfter(spans, lineStart); k < spans.length && spans[k].open < lineEnd; k++) {
    const from = Math.max(spans[k].open, lineStart) - lineStart;
    const to = Math.min(spans[k].close + 1, lineEnd) - lineStart;
    masked = masked.slice(0, from) + ' '.repeat(to - from) + masked.slice(to);
    if (spans[k].close >= lineEnd && spans[k].close <= textLength) open = true;
  }
  return { line: masked, open };
}

/** The index of the first template whose closing backtick is at or after `offset` (spans.length when none). */
function firstEndingAfter(spans: readonly Template[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].close < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
