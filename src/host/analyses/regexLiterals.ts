/**
 * Regular expressions and Perl's match operators in a line of code (pure; extension host and unit
 * tests), for the line lexer of codeBrackets.ts and templates.ts: their brackets and quotes are
 * text. Where a `/` starts a regular expression (after an operator, a bracket or a word such as
 * `return`) and where it ends (a class holds a `/`), and the end of Perl's `=~ s{…}{…}g`.
 *
 *   regexEnd('x = /[/]a/;', 4); // 9
 */

/** What a `/` starts a regular expression after (else it divides): an operator or bracket, or one of these words. */
const BEFORE_REGEX_CHARS = new Set('(,=:[!&|?{};+-*%<>~^');
const BEFORE_REGEX_WORDS = new Set(['return', 'typeof', 'case', 'in', 'of', 'instanceof', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/** Perl's match, substitution or transliteration after `=~` or `!~`: its operator and first delimiter, or a bare `/`. */
const PERL_MATCH = /^[=!]~\s*(?:(m|qr|s|tr|y)\s*([^\w\s])|\/)/u;
const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/**
 * The index of the last delimiter of the Perl match operator at `i` (`=~ s{…}{…}g`), the line's
 * length when it goes on past the line (a /x expression over lines), or -1 when none starts there.
 * A bracket delimiter pairs with its closer, nested ones counted; a backslash escapes.
 */
export function perlMatchEnd(line: string, i: number): number {
  const m = PERL_MATCH.exec(line.slice(i, i + 50));
  if (!m) return -1;
  let at = i + m[0].length - 1;
  let parts = m[1] === 's' || m[1] === 'tr' || m[1] === 'y' ? 2 : 1;
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

/** Whether the `/` at `i` starts a regular expression: read back over spaces to what comes before it (a few characters, never the whole line). */
export function startsRegex(line: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (line[j] === ' ' || line[j] === '\t')) j--;
  if (j < 0 || BEFORE_REGEX_CHARS.has(line[j])) return true;
  let k = j;
  while (k >= 0 && j - k < 10 && /[a-z]/u.test(line[k])) k--;
  return BEFORE_REGEX_WORDS.has(line.slice(k + 1, j + 1)) && (k < 0 || !/[\w$]/u.test(line[k]));
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
