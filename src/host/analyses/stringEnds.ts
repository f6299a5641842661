/**
 * Where a string closes (pure; extension host and unit tests), for the line lexer of
 * codeBrackets.ts: a string's interpolation is code, whose own strings nest. In shell's
 * x="$(printf "%s (" "$y")" the inner '"' read as the outer string's close, so "%s (" was code and
 * its bracket ran the statement on. Per language, the interpolations of its double-quoted strings:
 * shell's `$(…)` and `${…}`, Ruby's `#{…}`, Kotlin's, Groovy's, Scala's and Dart's `${…}`, Swift's
 * `\(…)`, PHP's `{$…}` and `${…}`, and Python's f"{…}" and C#'s $"{…}" (a doubled `{{` is a brace).
 * Shell's and TOML's single quotes, C#'s verbatim strings (`@"…"`, where `""` is a quote) and raw
 * strings (Go's backticks, Rust's `r#"…"#`, Lua's `[[…]]`, C++'s `R"x(…)x"`, found by `rawAt`) hold no escape: a
 * backslash there is text; PowerShell escapes with a backtick.
 *
 *   closingQuote('"$(a ")")" b', 0, '"', 'shellscript'); // 8
 */

/** An interpolation: what opens it, and the bracket that closes it. */
type Interpolation = readonly [open: string, close: string];

const DOLLAR_BRACE: readonly Interpolation[] = [['${', '}']];
const INTERPOLATIONS: ReadonlyMap<string, readonly Interpolation[]> = new Map([
  ['shellscript', [['$(', ')'], ...DOLLAR_BRACE]],
  ['dockerfile', [['$(', ')'], ...DOLLAR_BRACE]],
  ['ruby', [['#{', '}']]],
  ['kotlin', DOLLAR_BRACE],
  ['groovy', DOLLAR_BRACE],
  ['scala', DOLLAR_BRACE],
  ['dart', DOLLAR_BRACE],
  ['swift', [['\\(', ')']]],
  ['php', [['{$', '}'], ...DOLLAR_BRACE]],
]);
/** Strings interpolated only with a prefix before their quote (f"…", $"…"), their `{…}` code. */
const PREFIXED: ReadonlyMap<string, RegExp> = new Map([
  ['python', /(?:^|[^\w])(?:[fF][rRbB]?|[rR][fF])$/u],
  ['csharp', /(?:\$@?|@\$)$/u],
]);
const BRACE: readonly Interpolation[] = [['{', '}']];
/** Languages whose single-quoted strings hold no escape: shell's, and TOML's literal strings. */
const NO_ESCAPES = new Set(['shellscript', 'dockerfile', 'toml']);
const BRACKETS: Readonly<Record<string, string>> = { ')': '(', '}': '{', ']': '[' };
/** The most nested strings read: deeper ones close at the first quote, as a plain string would. */
const MAX_NESTING = 8;

/**
 * The index where `quote` closes the string whose opening quote ends at `open` of `line` (a
 * backslash escapes), or -1. `languageId`, when given, reads the string's interpolation as code.
 */
export function closingQuote(line: string, open: number, quote: string, languageId = '', nesting = 0): number {
  const start = open - quote.length + 1;
  const interpolations = quote === '"' && nesting < MAX_NESTING ? interpolationsOf(line, start, languageId) : [];
  // C#'s verbatim string (@"C:\dir\"): a backslash is text, and "" a quote.
  const verbatim = quote === '"' && languageId === 'csharp' && /@\$?$|\$@$/u.test(line.slice(Math.max(0, start - 2), Math.max(0, start)));
  const escapes = !((quote === "'" && NO_ESCAPES.has(languageId)) || (quote === '`' && languageId === 'go') || isRaw(quote) || verbatim);
  // PowerShell escapes with a backtick.
  const escape = languageId === 'powershell' ? '`' : '\\';
  for (let i = open + 1; i < line.length; i++) {
    if (verbatim && line.startsWith('""', i)) {
      i++;
      continue;
    }
    const found = interpolations.find(([opener]) => line.startsWith(opener, i));
    if (found && found[0] === '{' && line[i + 1] === '{') i++;
    else if (found) {
      const end = codeEnd(line, i + found[0].length, found[1], languageId, nesting + 1);
      if (end < 0) return -1;
      i = end;
    } else if (line[i] === escape && escapes) i++;
    else if (line.startsWith(quote, i)) return i;
  }
  return -1;
}

function interpolationsOf(line: string, quoteAt: number, languageId: string): readonly Interpolation[] {
  const prefixed = PREFIXED.get(languageId);
  // A string carried from the line before: its prefix is not on this line.
  if (prefixed && quoteAt < 0) return [];
  if (prefixed) return prefixed.test(line.slice(Math.max(0, quoteAt - 3), quoteAt)) ? BRACE : [];
  return INTERPOLATIONS.get(languageId) ?? [];
}

/** The index of `closer` that ends an interpolation's code starting at `from` (its brackets counted, its strings read), or -1. */
function codeEnd(line: string, from: number, closer: string, languageId: string, nesting: number): number {
  const opener = BRACKETS[closer];
  let depth = 0;
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    if (ch === closer && depth-- === 0) return i;
    if (ch === opener) depth++;
    else if (ch === '"' || ch === "'") {
      const close = closingQuote(line, i, ch, languageId, nesting);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** Whether a string or comment that `closer` closes holds no escapes: a block comment, a Go raw string, Rust's r#"…"#, Lua's [[…]], C++'s R"x(…)x". */
export function isRaw(closer: string): boolean {
  return closer === '*/' || closer === '-}' || closer === '#>' || closer === '`' || closer.startsWith('"#') || /^\]=*\]$|^\).*"$/u.test(closer);
}

/** Rust's raw string `r#"`, `br#"` or `cr#"`: an `r` that starts a word (after `b` or `c`), '#'s and a quote. */
const RUST_RAW = /^r(#*)"/u;
/** Lua's long string `[[`, `[==[` or long comment `--[[`. */
const LUA_LONG = /^(?:--)?\[(=*)\[/u;
/** Languages with raw strings that rawAt finds. */
export const RAW_STRINGS: ReadonlySet<string> = new Set(['rust', 'lua', 'cpp']);
/** C++'s raw string `R"x(` (after `u8`, `u`, `U` or `L`), its delimiter up to 16 characters. */
const CPP_RAW = /^R"([^()\\\s"]{0,16})\(/u;

/** The raw string (or Lua's long comment) that opens at `i` of a line: its opening's length and its closer (`"#`, `]]`), or null. */
export function rawAt(line: string, i: number, languageId: string): { length: number; closer: string } | null {
  if (languageId === 'lua') {
    const m = line[i] === '[' || line[i] === '-' ? LUA_LONG.exec(line.slice(i, i + 260)) : null;
    return m && { length: m[0].length, closer: `]${m[1]}]` };
  }
  if (languageId === 'cpp') {
    const prefix = line[i] === 'R' ? (/(?:u8|[uUL])$/u.exec(line.slice(Math.max(0, i - 2), i))?.[0] ?? '') : '';
    const m = line[i] === 'R' && !/\w/u.test(line[i - prefix.length - 1] ?? '') ? CPP_RAW.exec(line.slice(i, i + 20)) : null;
    return m && { length: m[0].length, closer: `)${m[1]}"` };
  }
  if (line[i] !== 'r') return null;
  const before = line[i - 1] === 'b' || line[i - 1] === 'c' ? i - 2 : i - 1;
  if (before >= 0 && /\w/u.test(line[before])) return null;
  const m = RUST_RAW.exec(line.slice(i, i + 258));
  return m && { length: m[0].length, closer: `"${m[1]}` };
}
