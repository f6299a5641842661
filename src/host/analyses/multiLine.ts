/**
 * Whether a line starts inside a string or comment that runs over lines (pure; extension host and
 * unit tests), for the statement rule of textScope.ts: the lexer of codeBrackets.ts reads one line
 * at a time, from what the line before left open, and the cursor's line has no line before it read.
 * A docstring's line "Note (see g" read as code opened a bracket, and the statement ran on out of
 * the docstring, over blank lines, into the next function.
 *  - A Python docstring (`"""…"""`, `'''…'''`), a Go raw string, a Rust `r#"…"#` or a Lua `[[…]]`
 *    from the whole text (openingAt): its opening and closing lines look alike, so only a read from
 *    the top tells them apart. Only the quotes are visited (found with indexOf), each read on its
 *    own line to tell one in a comment or a one-line string from code; once per document version.
 *  - A block comment (`/* … *\/`, `{- … -}`, `<# … #>`), a C++ raw string (`R"x(` … `)x"`) or a
 *    here-document (`cat <<EOF` … `EOF`, Perl's POD) from the nearest line above that opens or
 *    closes one (openAbove), a few lines back at most.
 *  - A YAML scalar's line (a `run: |` body, a plain scalar's next line) from its parent line above
 *    (openAbove over yamlScalars.ts).
 *
 *   openingAt('s = """a\nb (\n"""\n', 9, 'python'); // { closer: '"""', open: 4, closed: true }: line 2 starts inside the string
 */
import { blockComment, closesHeredoc, HEREDOC_OPEN, HEREDOCS, lineBrackets, TRIPLE_QUOTES } from './codeBrackets';
import { isRaw } from './stringEnds';
import type { NearLines, Versioned } from './nearLines';
import { inYamlScalar } from './yamlScalars';

/** How far above the cursor's line a here-document's start is looked for (lines, characters). */
const HEREDOC_LINES = 200;
const HEREDOC_CHARS = 20_000;
/** The same for a block comment's start: a comment whose lines start with "*" needs none (codeBrackets.ts). */
const COMMENT_LINES = 30;
const COMMENT_CHARS = 1_500;

/** An `open` for a line of text: a here-document whose delimiter no line is, read for line 0 alone (a YAML scalar's line). */
const TEXT_LINE = HEREDOC_OPEN + HEREDOC_OPEN;

/**
 * What line 0 of `lines` starts inside (lineBrackets's `open` for it), from the lines above, or
 * null: a here-document opened above that no line between closes, or a block comment whose nearest
 * line above with a `/*` or `*\/` leaves it open. Lines starting before `from` (a Markdown fence's
 * code start) are not read.
 */
export function openAbove(lines: NearLines, languageId: string, from = 0): string | null {
  if (languageId === 'yaml') return inYamlScalar(lines, from) ? TEXT_LINE : null;
  const heredocs = HEREDOCS.has(languageId);
  const comments = blockComment(languageId);
  const cppRaw = languageId === 'cpp';
  if (!heredocs && !comments) return null;
  const [most, chars] = heredocs ? [HEREDOC_LINES, HEREDOC_CHARS] : [COMMENT_LINES, COMMENT_CHARS];
  const between: string[] = [];
  let read = 0;
  for (let n = -1; n >= -most && (lines.start(n) ?? -1) >= from; n--) {
    // Measured before it is read: a line of minified code above is never copied out whole.
    read += lines.end(n) - lines.start(n)!;
    if (read > chars) break;
    const line = lines.line(n);
    if (comments && (line.includes(comments[0]) || line.includes(comments[1]))) return lineBrackets(line, languageId).open === comments[1] ? comments[1] : null;
    const rawOpen = cppRaw && line.includes('R"') ? lineBrackets(line, languageId).open : null;
    // C++'s raw string R"x( opened above, not closed by its )x" on a line between.
    if (rawOpen?.startsWith(')')) return between.some((l) => l.includes(rawOpen)) ? null : rawOpen;
    const open = heredocs ? lineBrackets(line, languageId).open : null;
    if (open?.startsWith(HEREDOC_OPEN)) return between.some((l) => closesHeredoc(l, open.slice(HEREDOC_OPEN.length), languageId)) ? null : open;
    between.push(line);
  }
  return null;
}

/** A string or comment that may run over lines: where it opens, where its close starts (past the text's end when unclosed), and that close. */
interface Span {
  readonly open: number;
  readonly close: number;
  readonly closer: string;
}

/** A string that a line starts inside: its closing quote (lineBrackets's `open`), where it opens, and whether the text closes it. */
export interface Inside {
  readonly closer: string;
  readonly open: number;
  readonly closed: boolean;
}

/** The docstring that line `lineStart` of `text` starts inside, or null. */
export function openingAt(text: string, lineStart: number, languageId: string, document?: Versioned): Inside | null {
  const openers = TRIPLE_QUOTES.has(languageId) ? TRIPLE_OPENERS : RAW_OPENERS.get(languageId);
  if (!openers) return null;
  const spans = multiLineSpans(text, languageId, openers, document);
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].close < lineStart) lo = mid + 1;
    else if (spans[mid].open >= lineStart) hi = mid - 1;
    else return { closer: spans[mid].closer, open: spans[mid].open, closed: spans[mid].close <= text.length };
  }
  return null;
}

const TRIPLE_OPENERS: ReadonlyMap<string, string> = new Map(['"""', "'''"].map((q) => [q, q]));
/** Raw strings that run over lines: Go's backticks, Rust's r#"…"# (up to three '#'), Lua's [[…]] (and --[[ comments). */
const RAW_OPENERS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['go', new Map([['`', '`']])],
  ['rust', new Map([1, 2, 3].map((n) => [`r${'#'.repeat(n)}"`, `"${'#'.repeat(n)}`]))],
  ['lua', new Map([0, 1, 2].map((n) => [`[${'='.repeat(n)}[`, `]${'='.repeat(n)}]`]))],
]);

/** Every string or comment of `text` that `openers` (opener → closer) open, in order. */
function multiLineSpans(text: string, languageId: string, openers: ReadonlyMap<string, string>, document?: Versioned): readonly Span[] {
  const cached = document && cache.get(document);
  if (cached?.version === document?.version && cached?.length === text.length && cached?.languageId === languageId) return cached.spans;
  const spans: Span[] = [];
  // Where the code after the last closed span starts: the lexer reads an opener's line from there.
  let codeFrom = 0;
  const next = finder(text, [...openers.keys()]);
  for (let found = next(0); found;) {
    const { at, token } = found;
    const closer = openers.get(token)!;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    // An opener in a line comment or a one-line string opens nothing: the lexer, reading up to it, ends with it open.
    if (lineBrackets(text.slice(Math.max(lineStart, codeFrom), at + token.length), languageId).open !== closer) {
      found = next(at + 1);
      continue;
    }
    const close = closing(text, at + token.length, closer);
    spans.push({ open: at, close: close < 0 ? text.length + 1 : close, closer });
    if (close < 0) break;
    codeFrom = close + closer.length;
    found = next(codeFrom);
  }
  if (document) cache.set(document, { version: document.version, length: text.length, languageId, spans });
  return spans;
}

/**
 * The first of `tokens` at or after `from`, or null (`from` only grows). Each token's next place is
 * kept until passed: a file with no `\'\'\'` was read to its end again for each `"""` (30 s for 8 MB).
 */
export function finder(text: string, tokens: readonly string[]): (from: number) => { at: number; token: string } | null {
  const next = new Map<string, number>();
  return (from) => {
    let best: { at: number; token: string } | null = null;
    for (const token of tokens) {
      let at = next.get(token) ?? -2;
      if (at !== -1 && at < from) next.set(token, (at = text.indexOf(token, from)));
      if (at >= 0 && (!best || at < best.at)) best = { at, token };
    }
    return best;
  };
}

/** Where `closer` closes the span whose body starts at `from` (in a string, a backslash escapes), or -1. */
function closing(text: string, from: number, closer: string): number {
  for (let at = text.indexOf(closer, from); at >= 0; at = text.indexOf(closer, at + 1)) {
    let slashes = 0;
    if (!isRaw(closer)) while (text[at - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

const cache = new WeakMap<Versioned, { readonly version: number; readonly length: number; readonly languageId: string; readonly spans: readonly Span[] }>();
