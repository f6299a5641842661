/**
 * The lines of a text around one offset, found on demand, and where a Markdown document's code
 * fences are (pure; extension host and unit tests), for textScope.ts. What an empty selection reads
 * is a few lines around the cursor: finding every line start of a 600,000-line file on each command,
 * and scanning it from line 0 for fences, took 0.2–0.6 s on the extension host's thread.
 *
 *   const lines = new NearLines('a\nb\nc', 2); // line 0 is "b", the offset's line
 *   lines.line(-1); // "a"
 *   lines.start(2); // undefined: the text has no such line
 */

export class NearLines {
  /** below[k]: the start of line k (k ≥ 0); above[k]: the start of line -(k + 1). */
  private readonly below: number[];
  private readonly above: number[] = [];
  private belowEnded = false;

  constructor(
    private readonly source: string,
    offset: number,
  ) {
    const at = Math.min(Math.max(offset, 0), source.length);
    this.below = [at === 0 ? 0 : source.lastIndexOf('\n', at - 1) + 1];
  }

  /** Where line `n` starts (0: the offset's line, negative above), or undefined when the text has no such line. */
  start(n: number): number | undefined {
    if (n >= 0) {
      while (this.below.length <= n && !this.belowEnded) {
        const next = this.source.indexOf('\n', this.below[this.below.length - 1]);
        if (next < 0) this.belowEnded = true;
        else this.below.push(next + 1);
      }
      return this.below[n];
    }
    while (this.above.length < -n) {
      const after = this.above.length > 0 ? this.above[this.above.length - 1] : this.below[0];
      if (after === 0) return undefined;
      // lastIndexOf reads a negative position as 0, where a "\n" would be the line end just passed.
      this.above.push(after < 2 ? 0 : this.source.lastIndexOf('\n', after - 2) + 1);
    }
    return this.above[-n - 1];
  }

  has(n: number): boolean {
    return this.start(n) !== undefined;
  }

  /** Line `n` without its line end ("" when there is no such line). */
  line(n: number): string {
    const start = this.start(n);
    return start === undefined ? '' : this.source.slice(start, this.end(n));
  }

  /** Where line `n`'s text ends, before its line end. */
  end(n: number): number {
    const start = this.start(n) ?? this.source.length;
    const next = this.start(n + 1);
    return lineEnd(this.source, start, next === undefined ? this.source.length : next);
  }
}

/** The end of a line's text from its start to the next line's start: "\n" and a "\r" before it are the line end. */
function lineEnd(text: string, start: number, next: number): number {
  let end = next;
  if (end > start && text[end - 1] === '\n') end--;
  if (end > start && text[end - 1] === '\r') end--;
  return end;
}

/** A Markdown code fence: where its opening line starts, that line, and where its closing line starts (past the text's end when unclosed). */
export interface Fence {
  readonly open: number;
  readonly openLine: string;
  readonly close: number;
}

/** A fence line: up to three spaces, then three or more backticks or tildes (CommonMark). */
export const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** An open document (a vscode.TextDocument): the same object while it is open, its version growing with each edit. */
export interface Versioned {
  readonly version: number;
}

/**
 * Every code fence of a Markdown text, in order (an unclosed one runs to the end, as Markdown reads
 * it). Only lines that start with a fence marker are read, found with indexOf: a fence opens and
 * closes on such lines alone. Cached per version of `document` (the open document whose text it
 * is) when one is given: the document object, not its URI, keys it, as a file closed, changed on
 * disk and opened again is a new object at version 1 again.
 */
export function markdownFences(text: string, document?: Versioned): readonly Fence[] {
  const cached = document && fenceCache.get(document);
  if (cached?.version === document?.version && cached?.length === text.length) return cached.fences;
  const fences: Fence[] = [];
  let open: { start: number; line: string; marker: string } | null = null;
  for (const { start, line } of markerLines(text)) {
    const m = FENCE.exec(line);
    if (!m) continue;
    if (!open) {
      // An opening fence of backticks has none in its info string.
      if (!(m[1][0] === '`' && line.slice(m[0].length).includes('`'))) open = { start, line, marker: m[1] };
    } else if (m[1][0] === open.marker[0] && m[1].length >= open.marker.length && line.slice(m[0].length).trim() === '') {
      fences.push({ open: open.start, openLine: open.line, close: start });
      open = null;
    }
  }
  if (open) fences.push({ open: open.start, openLine: open.line, close: text.length + 1 });
  if (document) fenceCache.set(document, { version: document.version, length: text.length, fences });
  return fences;
}

const fenceCache = new WeakMap<Versioned, { readonly version: number; readonly length: number; readonly fences: readonly Fence[] }>();

/** The fence holding the line that starts at `lineStart` (its opening and closing lines included), or null. */
export function fenceAt(fences: readonly Fence[], lineStart: number): Fence | null {
  let lo = 0;
  let hi = fences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fences[mid].close < lineStart) lo = mid + 1;
    else if (fences[mid].open > lineStart) hi = mid - 1;
    else return fences[mid];
  }
  return null;
}

/** The lines that start (after at most three spaces) with ``` or ~~~, in order. */
function markerLines(text: string): { start: number; line: string }[] {
  const found: { start: number; line: string }[] = [];
  for (const mark of ['```', '~~~']) {
    for (let at = text.indexOf(mark); at >= 0;) {
      let start = at;
      while (start > 0 && at - start < 3 && text[start - 1] === ' ') start--;
      const newline = text.indexOf('\n', at);
      const next = newline < 0 ? text.length : newline + 1;
      if (start === 0 || text[start - 1] === '\n') found.push({ start, line: text.slice(start, lineEnd(text, start, next)) });
      // One look per line: a minified line of a thousand markers is passed over at once.
      at = newline < 0 ? -1 : text.indexOf(mark, next);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
