/**
 * Whether a line starts inside a string that runs over lines, `"""…"""` or `'''…'''` (a Python
 * docstring), for the statement rule of textScope.ts (pure; extension host and unit tests). The
 * lexer of codeBrackets.ts reads one line at a time: a docstring's line "Note (see g" read as code
 * opened a bracket, and the statement ran on out of the docstring, over blank lines, into the next
 * function. Only the triple quotes are visited (found with indexOf), each read on its own line to
 * tell one in a comment or a one-line string from code; found once per version of the document.
 *
 *   tripleStringAt('s = """a\nb (\n"""\n', 9, 'python'); // '"""': line 2 starts inside the string
 *
 * A shell here-document (`cat <<EOF` … `EOF`) the same way, looked for in the lines above the
 * cursor's (heredocAt): its opening line is read as code, its body as text.
 */
import { HEREDOC_OPEN, HEREDOCS, lineBrackets, TRIPLE_QUOTES } from './codeBrackets';
import type { NearLines, Versioned } from './nearLines';

/** How far above the cursor's line a here-document's start is looked for (lines, characters). */
const HEREDOC_LINES = 200;
const HEREDOC_CHARS = 20_000;

/**
 * The here-document line 0 of `lines` starts inside (lineBrackets's `open` for it), or null: the
 * nearest line above that starts one, when no line between closes it.
 */
export function heredocAt(lines: NearLines, languageId: string): string | null {
  if (!HEREDOCS.has(languageId)) return null;
  const between = new Set<string>();
  let read = 0;
  for (let n = -1; n >= -HEREDOC_LINES && lines.has(n); n--) {
    // Measured before it is read: a line of minified code above is never copied out whole.
    read += lines.end(n) - lines.start(n)!;
    if (read > HEREDOC_CHARS) break;
    const line = lines.line(n);
    const open = lineBrackets(line, languageId).open;
    if (open?.startsWith(HEREDOC_OPEN)) return between.has(open.slice(HEREDOC_OPEN.length)) ? null : open;
    between.add(line.trim());
  }
  return null;
}

/** A multi-line string: where its opening quotes start, where its closing ones start (past the text's end when unclosed), and its quote. */
interface Span {
  readonly open: number;
  readonly close: number;
  readonly quote: string;
}

/** The quote of the string that line `lineStart` of `text` starts inside, or null (code, or a language without such strings). */
export function tripleStringAt(text: string, lineStart: number, languageId: string, document?: Versioned): string | null {
  if (!TRIPLE_QUOTES.has(languageId)) return null;
  const spans = tripleStrings(text, languageId, document);
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].close < lineStart) lo = mid + 1;
    else if (spans[mid].open >= lineStart) hi = mid - 1;
    else return spans[mid].quote;
  }
  return null;
}

/** Every string of `text` opened by triple quotes, in order. */
function tripleStrings(text: string, languageId: string, document?: Versioned): readonly Span[] {
  const cached = document && cache.get(document);
  if (cached?.version === document?.version && cached?.length === text.length && cached?.languageId === languageId) return cached.spans;
  const spans: Span[] = [];
  // Where the code after the last closed string starts: the lexer reads an opening quote's line from there.
  let codeFrom = 0;
  const nextTriple = tripleFinder(text);
  for (let at = nextTriple(0); at >= 0;) {
    const quote = text.slice(at, at + 3);
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    // A triple quote in a comment or in a one-line string opens nothing: the lexer, reading up to it, ends with it open.
    const opens = lineBrackets(text.slice(Math.max(lineStart, codeFrom), at + 3), languageId).open === quote;
    if (!opens) {
      at = nextTriple(at + 1);
      continue;
    }
    const close = closingTriple(text, at + 3, quote);
    spans.push({ open: at, close: close < 0 ? text.length + 1 : close, quote });
    if (close < 0) break;
    codeFrom = close + 3;
    at = nextTriple(codeFrom);
  }
  if (document) cache.set(document, { version: document.version, length: text.length, languageId, spans });
  return spans;
}

/**
 * The next `"""` or `'''` at or after `from`, or -1 (`from` only grows). Each quote's next place is
 * kept until passed: a file with no `'''` was read to its end again for each `"""` (30 s for 8 MB).
 */
function tripleFinder(text: string): (from: number) => number {
  const next = new Map<string, number>();
  const find = (quote: string, from: number): number => {
    let at = next.get(quote) ?? -2;
    if (at !== -1 && at < from) next.set(quote, (at = text.indexOf(quote, from)));
    return at;
  };
  return (from) => {
    const a = find('"""', from);
    const b = find("'''", from);
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  };
}

/** Where `quote` closes the string whose body starts at `from` (a backslash escapes), or -1. */
function closingTriple(text: string, from: number, quote: string): number {
  for (let at = text.indexOf(quote, from); at >= 0; at = text.indexOf(quote, at + 1)) {
    let slashes = 0;
    while (text[at - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

const cache = new WeakMap<Versioned, { readonly version: number; readonly length: number; readonly languageId: string; readonly spans: readonly Span[] }>();
