/**
 * How many brackets a line of code leaves open (pure; extension host and unit tests), for the
 * statement rule of textScope.ts: brackets inside a string or a comment are not code, or a "(" in
 * `print("(")` would run the statement on over blank lines into the next function. A light lexer,
 * per language: a line comment from `#`, `//` or `--` (each where the language reads it so: `//` is
 * Python's floor division, `#[` PHP's attribute), a block comment closed on the line, and a string
 * from a quote to its closing quote, its interpolation read as code (stringEnds.ts); a quote not
 * closed on the line (a multi-line string, a YAML "it's") takes the rest of the line; a block
 * comment's inner line (` * text`) is prose; in JavaScript and TypeScript, a regular expression
 * (`/[("]/` after an operator, a bracket or `return`) is not code either, nor Perl's and Ruby's
 * regular expressions and quote-like literals (`split /,/`, `qw(…)`, `%w(…)`) and Elixir's sigils
 * (regexLiterals.ts), nor raw strings (Rust's `r#"…"#`, Lua's `[[…]]` and `--[[` comments;
 * stringEnds.ts); SQL's and CSS's `/* … *\/`, Haskell's `{- … -}` and PowerShell's `<# … #>` are
 * block comments. In languages where `'` starts a lifetime or a type variable (Rust, OCaml,
 * Haskell), it opens only a one-character literal such as '('. In shell and YAML a `#` is a comment
 * only at a word's start; in YAML only `[ ]` and `{ }` count, opened where a node starts. What a
 * line leaves open for the next (a docstring, a raw string, a block comment, a here-document of
 * shell, Ruby, Perl, PHP or a Dockerfile, PowerShell's here-string, Perl's POD) is carried by
 * `lineBrackets`; JavaScript's template literals are found from the whole text (templates.ts).
 *
 *   bracketBalance('print("(")', 'python'); // 0
 *   bracketBalance("fn f<'a>(x: &'a str) {", 'rust'); // 1
 */
import { regexEnd, scriptLiteralEnd, startsRegex } from './regexLiterals';
import { closingQuote, RAW_STRINGS, rawAt } from './stringEnds';

const HASH_COMMENTS = new Set([
  'python',
  'yaml',
  'shellscript',
  'ruby',
  'perl',
  'r',
  'toml',
  'dockerfile',
  'makefile',
  'powershell',
  'coffeescript',
  'elixir',
  'julia',
  'nim',
  'cmake',
  'properties',
]);
const DASH_COMMENTS = new Set(['sql', 'lua', 'haskell', 'elm']);
/** Languages with neither `//` nor `#` line comments (or with `//` as an operator). */
const NO_SLASH_COMMENTS = new Set([...HASH_COMMENTS, ...DASH_COMMENTS, 'json', 'markdown', 'plaintext', 'html', 'xml', 'css']);
/** Languages with `/* … *\/` block comments but no `//` line comments. */
const SLASH_STAR_ONLY = new Set(['sql', 'css']);
const CHAR_QUOTE_ONLY = new Set(['rust', 'ocaml', 'haskell', 'fsharp', 'elm', 'clojure', 'scheme', 'lisp']);
const CHAR_LITERAL = /^'(?:\\.|[^\\'])'/u;
/** Languages with regular-expression literals (`/[("]/`), whose brackets and quotes are not code. */
const REGEX_LITERALS = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact']);
/**
 * Documentation blocks that run from a line starting with "=" and a word to a closing line: Perl's
 * POD (`=head1` … `=cut`) and Ruby's `=begin` … `=end`, text read as a here-document's body.
 */
const DOC_BLOCKS: ReadonlyMap<string, { readonly start: RegExp; readonly end: string }> = new Map([
  ['perl', { start: /^=(?!cut\b)[a-zA-Z]/u, end: '=cut' }],
  ['ruby', { start: /^=begin\b/u, end: '=end' }],
]);

/** A line inside a block comment: a `*` first, then a space, a `/` or nothing (a generator method's `*name(` is code). */
const BLOCK_COMMENT_LINE = /^\s*\*(?:\s|\/|$)/u;

/** Net brackets a line opens (negative when it closes more than it opens), strings and comments left out. */
export function bracketBalance(line: string, languageId: string): number {
  return lineBrackets(line, languageId).depth;
}

/**
 * What a line of code leaves for the next: its net brackets, the closing delimiter of a string or
 * block comment still open at its end (a Python docstring's `"""`, a Go raw string's backtick,
 * a block comment's close, or a quote whose string a final backslash carries on), and whether a final backslash
 * outside a comment joins the next line to it (Python, shell, a C macro). `open`: what the line
 * starts inside, from the line before (lineBrackets of it, or multiLine.ts for the cursor's line).
 */
export interface LineBrackets {
  readonly depth: number;
  readonly open: string | null;
  readonly continued: boolean;
}

/** Languages whose strings `"""` and `'''` run over lines (Java's text blocks, C#'s raw strings). */
export const TRIPLE_QUOTES = new Set(['python', 'julia', 'kotlin', 'scala', 'swift', 'groovy', 'toml', 'java', 'csharp', 'elixir', 'dart']);
/**
 * Languages whose backtick strings run over lines and are carried to the next: Go's raw strings. A
 * JavaScript template literal is not: a nested template in its `${…}` would read as its close.
 */
const BACKTICK_LINES = new Set(['go']);
/** Block comments of other delimiters than `/* … *\/`: Haskell's and Elm's `{- … -}`, PowerShell's `<# … #>`. */
const OTHER_BLOCK_COMMENTS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['haskell', ['{-', '-}']],
  ['elm', ['{-', '-}']],
  ['powershell', ['<#', '#>']],
]);
const SLASH_STAR: readonly [string, string] = ['/*', '*/'];

/** The delimiters of `languageId`'s block comments (`/* … *\/`, `{- … -}`), or null when it has none. */
export function blockComment(languageId: string): readonly [open: string, close: string] | null {
  return OTHER_BLOCK_COMMENTS.get(languageId) ?? (!NO_SLASH_COMMENTS.has(languageId) || SLASH_STAR_ONLY.has(languageId) ? SLASH_STAR : null);
}
/**
 * Languages with here-documents (`cat <<EOF` up to a line `EOF`), whose lines are text, and how
 * each starts: "<<", "-" or "~" (the closing line indented), its delimiter word, quoted or not. A
 * shell's may have spaces or a backslash (`<<\EOF`) before the word; Ruby's and Perl's only before a
 * quoted one (Perl), or `items << value` and `1 << 2` would open one. PHP's start with "<<<", and
 * close with the word before a ";", a "," or a ")".
 */
const HEREDOC_STARTS: ReadonlyMap<string, RegExp> = new Map([
  ['shellscript', /^<<-?\s*\\?(['"]?)([A-Za-z_][\w-]*)\1/u],
  ['dockerfile', /^<<-?\s*\\?(['"]?)([A-Za-z_][\w-]*)\1/u],
  ['ruby', /^<<[-~]?(['"`]?)([A-Za-z_]\w*)\1/u],
  ['perl', /^<<~?(?:\s*(['"])|())([A-Za-z_]\w*)(?:\1|\2)/u],
  ['php', /^<<<[ \t]*(['"]?)([A-Za-z_]\w*)\1/u],
]);
export const HEREDOCS: ReadonlySet<string> = new Set([...HEREDOC_STARTS.keys(), 'powershell']);
/** An `open` that is a here-document: this mark, then its delimiter. */
export const HEREDOC_OPEN = '\n';

export function lineBrackets(line: string, languageId: string, open: string | null = null): LineBrackets {
  const hash = HASH_COMMENTS.has(languageId) || languageId === 'php';
  const dash = DASH_COMMENTS.has(languageId);
  const slash = !NO_SLASH_COMMENTS.has(languageId);
  const block = blockComment(languageId);
  const charOnly = CHAR_QUOTE_ONLY.has(languageId);
  const regex = REGEX_LITERALS.has(languageId);
  const triple = TRIPLE_QUOTES.has(languageId);
  const yaml = languageId === 'yaml';
  const script = languageId === 'perl' || languageId === 'ruby' || languageId === 'elixir';
  const raws = RAW_STRINGS.has(languageId);
  let raw: { length: number; closer: string } | null;
  const joins = line.endsWith('\\');
  let end: number;
  let depth = 0;
  let from = 0;
  // A here-document started on this line: its body starts on the next.
  let heredoc: string | null = null;
  if (open?.startsWith(HEREDOC_OPEN)) return { depth: 0, open: closesHeredoc(line, open.slice(1), languageId) ? null : open, continued: false };
  const doc = open === null ? DOC_BLOCKS.get(languageId) : undefined;
  if (doc?.start.test(line)) return { depth: 0, open: HEREDOC_OPEN + doc.end, continued: false };
  if (open !== null) {
    // Inside a string or comment from the line before: code again after its close, if the line has it.
    const close = open === block?.[1] ? line.indexOf(open) : closingQuote(line, -1, open, languageId);
    if (close < 0) return { depth: 0, open: open.length === 1 && !joins && open !== '`' ? null : open, continued: joins };
    from = close + open.length;
  } else if (slash && BLOCK_COMMENT_LINE.test(line)) {
    // A block comment's inner line (" * text", " */"): prose, its brackets not code, up to the comment's close.
    const close = line.indexOf('*/');
    if (close < 0) return { depth: 0, open: null, continued: false };
    from = close + 2;
  }
  for (let i = from; i < line.length; i++) {
    const ch = line[i];
    const two = line.slice(i, i + 2);
    if (raws && (raw = rawAt(line, i, languageId))) {
      // A raw string (Rust's r#"…"#, Lua's [[…]]) or Lua's --[[ comment: no escapes, closed by its closer; one not closed goes on in the next line.
      const close = line.indexOf(raw.closer, i + raw.length);
      if (close < 0) return { depth, open: raw.closer.length > 1 ? raw.closer : heredoc, continued: false };
      i = close + raw.closer.length - 1;
      continue;
    }
    if (block && line.startsWith(block[0], i)) {
      const close = line.indexOf(block[1], i + 2);
      if (close < 0) return { depth, open: block[1], continued: false };
      i = close + 1;
      continue;
    }
    if ((hash && ch === '#' && startsComment(line, i, languageId)) || (dash && two === '--') || (slash && two === '//'))
      return { depth, open: heredoc, continued: false };
    if (script && (end = scriptLiteralEnd(line, i, languageId)) >= 0) {
      // Perl's and Ruby's regular expressions and quote-like literals: text, to their last delimiter (the rest of the line when they go on).
      if (end >= line.length) return { depth, open: heredoc, continued: false };
      i = end;
    } else if (regex && ch === '/' && startsRegex(line, i) && (end = regexEnd(line, i)) > 0) {
      i = end;
    } else if (ch === '@' && languageId === 'powershell' && (line[i + 1] === '"' || line[i + 1] === "'") && line.slice(i + 2).trim() === '') {
      // PowerShell's here-string, @" at the line's end: its body up to a line starting "@ is text.
      heredoc ??= `${HEREDOC_OPEN}${line[i + 1]}@`;
      break;
    } else if (ch === "'" && charOnly) {
      const literal = CHAR_LITERAL.exec(line.slice(i));
      if (literal) i += literal[0].length - 1;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      const quote = triple && line.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      const close = closingQuote(line, i + quote.length - 1, quote, languageId);
      // Not closed on the line: a multi-line string goes on in the next; another (a YAML "it's") takes the rest of the line.
      if (close < 0) return { depth, open: quote.length === 3 || (ch === '`' && BACKTICK_LINES.has(languageId)) || joins ? quote : heredoc, continued: joins };
      i = close + quote.length - 1;
    } else if (two === '<<' && HEREDOCS.has(languageId)) {
      // "<<<" is a here-string: a word, not a document.
      const start = line[i + 2] === '<' && languageId !== 'php' ? null : HEREDOC_STARTS.get(languageId)!.exec(line.slice(i, i + 200));
      if (start) heredoc ??= HEREDOC_OPEN + start[start.length - 1];
      i += start ? start[0].length - 1 : line[i + 2] === '<' ? 2 : 1;
    } else if (yaml) {
      // YAML's brackets are its flow collections' (a parenthesis is text), opened only where a node starts.
      if ((ch === '[' || ch === '{') && flowStarts(line, i)) depth++;
      else if (ch === ']' || ch === '}') depth--;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  return { depth, open: heredoc, continued: joins };
}

/** Languages where `#` starts a comment only at a word's start: "$#", "${#a[@]}" and "a#b" are words. */
const WORD_HASH = new Set(['shellscript', 'dockerfile', 'yaml']);

/** Whether `line` closes a here-document of `delimiter`: the word alone, in PHP the word before a ";", "," or ")", in PowerShell `"@` first. */
export function closesHeredoc(line: string, delimiter: string, languageId: string): boolean {
  const word = line.trim();
  if (languageId === 'powershell') return word.startsWith(delimiter);
  return word === delimiter || (languageId === 'php' && word.startsWith(delimiter) && /^[;,)\s]/u.test(word.slice(delimiter.length)));
}

/** Whether the `#` at `i` starts a comment: anywhere, but at a word's start in WORD_HASH, and not in Perl's "$#array" (its last index). */
function startsComment(line: string, i: number, languageId: string): boolean {
  if (WORD_HASH.has(languageId)) return i === 0 || /[\s;&|()]/u.test(line[i - 1]);
  // PHP's "#[" opens an attribute.
  if (languageId === 'php') return line[i + 1] !== '[';
  return !(languageId === 'perl' && line[i - 1] === '$');
}

/**
 * Whether the YAML bracket at `i` opens a flow collection: where a node starts, at the line's start
 * or after "key: ", "- ", "? ", a comma or another bracket. Elsewhere it is a plain scalar's text
 * ("see [the guide" in a description).
 */
function flowStarts(line: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (line[j] === ' ' || line[j] === '\t')) j--;
  if (j < 0 || line[j] === ',' || line[j] === '[' || line[j] === '{') return true;
  return (line[j] === ':' || line[j] === '-' || line[j] === '?') && j < i - 1 && (j === 0 || line[j] === ':' || /\s/u.test(line[j - 1]));
}

/** The language a Markdown fence's code is in, from its info string ("```py title" → python), or ''. */
export function fenceLanguage(fenceLine: string): string {
  const info = /^ {0,3}(?:`{3,}|~{3,})\s*([\w+#.-]*)/u.exec(fenceLine)?.[1]?.toLowerCase() ?? '';
  return FENCE_ALIASES[info] ?? info;
}

const FENCE_ALIASES: Readonly<Record<string, string>> = {
  py: 'python',
  python3: 'python',
  yml: 'yaml',
  sh: 'shellscript',
  bash: 'shellscript',
  zsh: 'shellscript',
  shell: 'shellscript',
  js: 'javascript',
  ts: 'typescript',
  rs: 'rust',
  rb: 'ruby',
  golang: 'go',
  'c++': 'cpp',
  'c#': 'csharp',
  cs: 'csharp',
  pl: 'perl',
  pm: 'perl',
  ps1: 'powershell',
  pwsh: 'powershell',
  ps: 'powershell',
  hs: 'haskell',
  ex: 'elixir',
  exs: 'elixir',
  kt: 'kotlin',
  kts: 'kotlin',
  docker: 'dockerfile',
  make: 'makefile',
  jsx: 'javascriptreact',
  tsx: 'typescriptreact',
  postgres: 'sql',
  postgresql: 'sql',
  psql: 'sql',
  plpgsql: 'sql',
  mysql: 'sql',
  sqlite: 'sql',
};
