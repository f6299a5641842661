/**
 * Whether a line starts inside a string that runs over lines, `"""…"""` or `'''…'''` (a Python
 * docstring), for the statement rule of textScope.ts (pure; extension host and unit tests). The
 * lexer of codeBrackets.ts reads one line at a time: a docstring's line "Note (see g" read as code
 * opened a bracket, and the statement ran on out of the docstring, over blank lines, into the next
 * function. Only the triple quotes are visited (found with indexOf), each read on its own line to
 * tell one in a comment or a one-line string from code; found once per version of the document.
 *
 *   tripleStringAt('s = """a\nb (\n"""\n', 9, 'python'); // '"""': line 2 starts inside the string
 */
import { lineBrackets, TRIPLE_QUOTES } from './codeBrackets';
import type { Versioned } from './nearLines';

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
