/**
 * Regular expressions and quote-like literals in a line of code (pure; extension host and unit
 * tests), for the line lexer of codeBrackets.ts and templates.ts: their brackets and quotes are
 * text. Where a `/` starts a regular expression (after an operator, a bracket or a word such as
 * `return`, Perl's `split` or Ruby's `when`) and where it ends (a class holds a `/`); the end of
 * Perl's `=~ s{…}{…}g`, `qw(…)`, `m#…#` and `qr{…}`, of Ruby's `%w(…)`, `%r{…}` and `%q(…)`, and of
 * Elixir's sigils (`~r/…/`, `~w(…)`).
 *
 *   regexEnd('x = /[/]a/;', 4); // 9
 */

/** What a `/` starts a regular expression after (else it divides): an operator or bracket, or one of these words. */
const BEFORE_REGEX_CHARS = new Set('(,=:[!&|?{};+-*%<>~^');
const BEFORE_REGEX_WORDS = new Set(['return', 'typeof', 'case', 'in', 'of', 'instanceof', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/** Perl's match, substitution or transliteration after `=~` or `!~`: its operator and first delimiter, or a bare `/`. */
const PERL_MATCH = /^[=!]~\s*(?:(m|qr|s|tr|y)\s*([^\w\s])|\/)/u;
const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Perl's and Ruby's words a `/` starts a regular expression after (`split /,/`, `when /a/`), and their operators (not `}`: `$h{a} / 2`). */
const PERL_WORDS = new Set(['split', 'grep', 'map', 'return', 'and', 'or', 'not', 'if', 'unless', 'while', 'until', 'when']);
const RUBY_WORDS = new Set(['when', 'if', 'unless', 'while', 'until', 'and', 'or', 'not', 'return', 'then', 'elsif']);
const SCRIPT_CHARS = new Set([...BEFORE_REGEX_CHARS].filter((c) => c !== '}'));
/** Perl's quote-like operators (`qw(…)`, `m#…#`, `s{…}{…}`) and their first delimiter. */
const PERL_QUOTE = /^(m|q[qwxr]?|s|tr|y)(\s*)([^\w\s])/u;
/** Elixir's sigils (`~r/…/`, `~w(…)`, `~S"…"`) and their delimiter. */
const ELIXIR_SIGIL = /^~[a-zA-Z]+[/|"'([{<]/u;
/** Ruby's % literals (`%w(…)`, `%r{…}`, `%(…)`) and their delimiter. */
const RUBY_PERCENT = /^%([qQwWiIrsx]?)([^\w\s])/u;

/**
 * The index of the last delimiter of a Perl or Ruby literal that starts at `i` of `line` and is
 * text (a regular expression, a quote-like operator, a % literal), the line's length when it goes on
 * past the line, or -1 when none starts there. One with bracket delimiters not closed on the line
 * (`qw(` over lines) is -1: its bracket holds the statement open to its close, as code's would.
 */
export function scriptLiteralEnd(line: string, i: number, languageId: string): number {
  const ch = line[i];
  if (languageId === 'elixir') {
    const sigil = ch === '~' ? ELIXIR_SIGIL.exec(line.slice(i, i + 12)) : null;
    return sigil ? literalEnd(line, i + sigil[0].length - 1, 1) : -1;
  }
  if (languageId === 'perl' && (ch === '=' || ch === '!') && line[i + 1] === '~') return perlMatchEnd(line, i);
  const perl = languageId === 'perl';
  if (ch === '/') {
    // A `/` not closed on the line divides.
    const end = startsRegex(line, i, perl ? PERL_WORDS : RUBY_WORDS, SCRIPT_CHARS) ? delimitedEnd(line, i, 1) : -1;
    return end >= line.length ? -1 : end;
  }
  const m = perl ? perlQuote(line, i) : rubyPercent(line, i);
  return m ? literalEnd(line, i + m.length - 1, m.parts) : -1;
}

/** delimitedEnd, but -1 for bracket delimiters not closed on the line. */
function literalEnd(line: string, at: number, parts: number): number {
  const end = delimitedEnd(line, at, parts);
  return end >= line.length && PAIRS[line[at]] ? -1 : end;
}

/** The Perl quote-like operator at `i`: its length to its first delimiter, and its parts (two for s, tr, y). */
function perlQuote(line: string, i: number): { length: number; parts: number } | null {
  // "$s", "->s", "-s $file" (a file test), "::m" and a word's inside are no operator.
  if (!'mqsty'.includes(line[i]) || (i > 0 && /[\w$@%&*:>-]/u.test(line[i - 1]))) return null;
  const m = PERL_QUOTE.exec(line.slice(i, i + 8));
  // "y => 1", "s = 1", "$h{s}": no delimiter; after a space only a bracket or a slash is one ("s #" is a comment).
  if (!m || (m[2] ? !'([{</|!'.includes(m[3]) : '=,;)}]>'.includes(m[3]))) return null;
  return { length: m[0].length, parts: m[1] === 's' || m[1] === 'tr' || m[1] === 'y' ? 2 : 1 };
}

/** The Ruby % literal at `i`: its length to its delimiter. A bare `%` starts one only where a `/` would start a regular expression ("x % (2)" is a modulo). */
function rubyPercent(line: string, i: number): { length: number; parts: number } | null {
  const m = line[i] === '%' ? RUBY_PERCENT.exec(line.slice(i, i + 3)) : null;
  if (!m) return null;
  if (m[1] ? i > 0 && /[\w)\]}]/u.test(line[i - 1]) : m[2] === '=' || !startsRegex(line, i, RUBY_WORDS, SCRIPT_CHARS)) return null;
  return { length: m[0].length, parts: 1 };
}

/**
 * The index of the last delimiter of the Perl match operator at `i` (`=~ s{…}{…}g`), the line's
 * length when it goes on past the line (a /x expression over lines), or -1 when none starts there.
 */
export function perlMatchEnd(line: string, i: number): number {
  const m = PERL_MATCH.exec(line.slice(i, i + 50));
  if (!m) return -1;
  return delimitedEnd(line, i + m[0].length - 1, m[1] === 's' || m[1] === 'tr' || m[1] === 'y' ? 2 : 1);
}

/**
 * The index of the last delimiter of `parts` delimited parts whose first delimiter is at `at`, or
 * the line's length when they go on past it. A bracket delimiter pairs with its closer, nested ones
 * counted; a backslash escapes.
 */
function delimitedEnd(line: string, at: number, parts: number): number {
  for (;;) {
    const open = line[at];
    const close = PAIRS[open] ?? open;
    let nested = 0;
    let j = at + 1;
    for (; j < line.length; j++) {
      if (line[j] === '\\') j++;
      else if (line[j] === open && close !== open) nested++;
      else if (line[j] === close && nested-- === 0) break;
    }
    if (j >= line.length) return line.length;
    if (--parts === 0) return j;
    // s/…/…/: the closing delimiter opens the second part; s{…}{…}: its own opener, after any spaces.
    at = j;
    if (close !== open) {
      do at++;
      while (at < line.length && /\s/u.test(line[at]));
      if (at >= line.length) return line.length;
    }
  }
}

/** Whether the `/` at `i` starts a regular expression: read back over spaces to what comes before it (a few characters, never the whole line); a JSX closing tag's is none. */
export function startsRegex(line: string, i: number, words = BEFORE_REGEX_WORDS, chars = BEFORE_REGEX_CHARS): boolean {
  // A JSX tag's "</b>" or "{x}/>" closes the tag.
  if (line[i - 1] === '<' || (line[i + 1] === '>' && line[i - 1] === '}')) return false;
  let j = i - 1;
  while (j >= 0 && (line[j] === ' ' || line[j] === '\t')) j--;
  if (j < 0 || chars.has(line[j])) return true;
  let k = j;
  while (k >= 0 && j - k < 10 && /[a-z]/u.test(line[k])) k--;
  return words.has(line.slice(k + 1, j + 1)) && (k < 0 || !/[\w$]/u.test(line[k]));
}

/** The longest regular expression looked for: a `/` not closed within it divides (each `/` reads at most this far). */
const MAX_REGEX = 1_000;

/** The index of the `/` that closes the regular expression opened at `open` (a backslash escapes, a class holds `/`), or -1. */
export function regexEnd(line: string, open: number): number {
  let inClass = false;
  for (let i = open + 1; i < Math.min(line.length, open + MAX_REGEX); i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) return i;
  }
  return -1;
}
