/**
 * Which part of a long text an analysis takes, and how that is said (pure; extension host and unit
 * tests). A text longer than the model allows is analyzed in a window of it:
 *  - around the cursor (the default): centred on the cursor's token, within the selection or what
 *    blockAround takes around the cursor (textScope.ts: the paragraph, or the statement's block);
 *  - from the start of the selection: the first tokens of the selection (from the cursor when
 *    nothing is selected, to the end of the text);
 *  - from a line the user picks: the first tokens from that line's start to the end of the text.
 * Notices speak in lines ("analyzed lines 120–184 of 900"), never in character offsets.
 */
import type { Translate } from '../../protocol/tokenText';
import type { Scope } from './textScope';

export type WindowMode = 'cursor' | 'selectionStart' | 'line';

export interface WindowInput {
  /** Length of the document's text. */
  readonly length: number;
  /** The selection (offsets; start === end when empty). */
  readonly selection: { readonly start: number; readonly end: number };
  /** The cursor (the selection's active end). */
  readonly cursor: number;
  /** What an empty selection analyzes around the cursor (textScope.ts). */
  readonly scope: { readonly start: number; readonly end: number };
  /** Mode 'line': the chosen line's first character. */
  readonly lineStart?: number;
}

/** The range to ask for, the offset the window must hold, and how the window sits on it. */
export interface WindowPlan {
  readonly start: number;
  readonly end: number;
  readonly focus: number;
  readonly anchor: 'center' | 'start';
}

export function planWindow(mode: WindowMode, input: WindowInput): WindowPlan {
  const { selection, cursor, length } = input;
  const selected = selection.end > selection.start;
  switch (mode) {
    case 'cursor': {
      const range = selected ? selection : input.scope;
      return { start: range.start, end: range.end, focus: Math.min(Math.max(cursor, range.start), range.end), anchor: 'center' };
    }
    case 'selectionStart': {
      const start = selected ? selection.start : cursor;
      return { start, end: selected ? selection.end : length, focus: start, anchor: 'start' };
    }
    case 'line': {
      const start = Math.min(Math.max(input.lineStart ?? 0, 0), length);
      return { start, end: length, focus: start, anchor: 'start' };
    }
  }
}

export interface WindowFacts {
  /** 1-based first and last lines analyzed, and the document's line count. */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly lines: number;
  /** Tokens analyzed, and how many the asked-for range has. */
  readonly tokens: number;
  readonly total: number;
  /** Whether `total` is an estimate (the engine tokenized only a cut of a long range). */
  readonly estimated?: boolean;
  readonly mode: WindowMode;
}

/** The part of a document analyzedLines reads (a vscode.TextDocument has it). */
export interface DocumentLines {
  positionAt(offset: number): { readonly line: number; readonly character: number };
  lineAt(line: number): { readonly text: string };
}

/**
 * The 1-based first and last lines that the characters [start, end) of `document` show. A line break
 * at an edge names no line of its own: a window whose last token is a newline ends on the line that
 * newline closes (its end offset is the next line's start), and one that starts at a line's end
 * starts on the next line.
 */
export function analyzedLines(document: DocumentLines, start: number, end: number): { firstLine: number; lastLine: number } {
  const first = document.positionAt(start);
  const last = document.positionAt(Math.max(start, end - 1));
  const startsAtLineEnd = first.character >= document.lineAt(first.line).text.length && first.line < last.line;
  return { firstLine: first.line + (startsAtLineEnd ? 2 : 1), lastLine: last.line + 1 };
}

/** "Analyzed lines 120–184 of 900 (512 of 2000 tokens), around the cursor." */
export function windowNotice(f: WindowFacts, t: Translate): string {
  const where =
    f.mode === 'cursor' ? t('around the cursor') : f.mode === 'selectionStart' ? t('from the start of the selection') : t('from line {0}', f.firstLine);
  const lines = f.firstLine === f.lastLine ? t('line {0}', f.firstLine) : t('lines {0}–{1}', f.firstLine, f.lastLine);
  if (f.estimated) return t('Analyzed {0} of {1} ({2} of about {3} tokens), {4}.', lines, f.lines, f.tokens, f.total, where);
  return t('Analyzed {0} of {1} ({2} of {3} tokens), {4}.', lines, f.lines, f.tokens, f.total, where);
}

/**
 * What an empty selection took: "No selection: analyzed the paragraph around line 12."; with `lines`
 * (1-based, both included), a code block or statement of several lines also names them, "at line 9
 * (lines 6–13)": the cursor's line alone did not say how much of the code was read.
 */
export function scopeNotice(unit: Scope['unit'], line: number, t: Translate, lines?: { first: number; last: number }): string {
  const span = lines && lines.last > lines.first;
  switch (unit) {
    case 'paragraph':
      return t('No selection: analyzed the paragraph around line {0}.', line);
    case 'statement':
      return span
        ? t('No selection: analyzed the statement around line {0} (lines {1}–{2}).', line, lines.first, lines.last)
        : t('No selection: analyzed the statement around line {0}.', line);
    case 'block':
      return span
        ? t('No selection: analyzed the code block at line {0} (lines {1}–{2}).', line, lines.first, lines.last)
        : t('No selection: analyzed the code block at line {0}.', line);
    default:
      return t('No selection: analyzed line {0}.', line);
  }
}

/**
 * Several selections (multi-cursor): a model reads one stretch of text, the primary selection's,
 * which starts at `line` (1-based). Said, since the others were left out without a word.
 */
export function selectionsNotice(count: number, line: number, command: 'analyze' | 'compare', t: Translate): string {
  return command === 'analyze'
    ? t('{0} selections: analyzed only the primary one, at line {1}; to read another, select it alone.', count, line)
    : t('{0} selections: compared only the primary one, at line {1}; to read another, select it alone.', count, line);
}
