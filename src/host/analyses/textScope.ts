/**
 * What Analyze Selection takes when nothing is selected (pure; extension host and unit tests):
 * in prose (Markdown, plain text and other non-code documents) the paragraph around the cursor,
 * in code the statement around the cursor — its line, widened over following lines while brackets
 * opened on it are still open (a call or object literal spread over lines), at most 40 lines.
 * Next Word and Continue read the text before the cursor, from a line start a few thousand
 * characters back (`contextStart`).
 */
export interface Scope {
  readonly start: number;
  readonly end: number;
  readonly unit: 'paragraph' | 'statement' | 'line';
}

const PROSE = new Set(['markdown', 'plaintext', 'latex', 'restructuredtext', 'asciidoc', 'git-commit', 'text']);
const MAX_STATEMENT_LINES = 40;

/** How far back the text before the cursor reaches (characters); the engine windows to the model anyway. */
export const CONTEXT_BEFORE_CURSOR = 6000;

/** Where the text before `cursor` starts: the start of the line CONTEXT_BEFORE_CURSOR characters back. */
export function contextStart(text: string, cursor: number): number {
  const from = Math.max(0, cursor - CONTEXT_BEFORE_CURSOR);
  return text.lastIndexOf('\n', from - 1) + 1;
}

export function isProse(languageId: string): boolean {
  return PROSE.has(languageId);
}

export function scopeAround(text: string, offset: number, languageId: string): Scope {
  const lines = lineStarts(text);
  const line = lineOf(lines, Math.min(Math.max(offset, 0), text.length));
  const lineText = (n: number): string => text.slice(lines[n], n + 1 < lines.length ? lines[n + 1] : text.length).replace(/\r?\n$/, '');
  const lineEnd = (n: number): number => lines[n] + lineText(n).length;
  if (isProse(languageId)) {
    let first = line;
    let last = line;
    if (lineText(line).trim() !== '') {
      while (first > 0 && lineText(first - 1).trim() !== '') first--;
      while (last + 1 < lines.length && lineText(last + 1).trim() !== '') last++;
    }
    return trimmed(text, lines[first], lineEnd(last), 'paragraph');
  }
  let depth = 0;
  let last = line;
  for (let n = line; n < lines.length && n < line + MAX_STATEMENT_LINES; n++) {
    depth += bracketBalance(lineText(n));
    last = n;
    if (depth <= 0) break;
  }
  return trimmed(text, lines[line], lineEnd(last), last > line ? 'statement' : 'line');
}

function trimmed(text: string, start: number, end: number, unit: Scope['unit']): Scope {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end, unit };
}

function bracketBalance(line: string): number {
  let depth = 0;
  for (const ch of line) {
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return depth;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
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
