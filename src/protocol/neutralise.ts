/**
 * The one neutraliser of foreign text (pure; all runtimes). Every string that comes from a model's
 * files, a document or a server passes through `neutralise` before it reaches a notification, a
 * quick pick, a hover, the log or a terminal:
 *  - control characters (C0, DEL, C1), format characters (bidi overrides and isolates, zero-width
 *    characters, the BOM, tags) and line/paragraph separators are written as visible escapes
 *    (`\x1B`, `\u202E`); tabs, newlines and carriage returns become one space (one line), but in a
 *    name (`neutralName`) they are escaped too: `a\nb.txt` is not `a b.txt`;
 *  - lone surrogates become U+FFFD;
 *  - Markdown links lose their shape (`[x](command:…)` → `[x] (command:…)`, so no link survives
 *    in a notification or hover) and `<` before a tag or an autolink becomes `‹`;
 *  - the result is cut to `max` characters (escapes included), ending with an ellipsis.
 * It is idempotent: neutralising twice gives the same text, so each sink may apply it again.
 */

/** The default length of a neutralised string: a notification's or a log line's worth. */
export const NEUTRAL_MAX = 400;

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeChar(c: string, oneLine = true): string {
  if (oneLine && (c === '\t' || c === '\n' || c === '\r')) return ' ';
  const code = c.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  if (code < 0x100) return `\\x${hex.padStart(2, '0')}`;
  return code < 0x10000 ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
}

/** `text` made safe for any sink that shows text to a person (see the module comment). */
export function neutralise(text: string, max: number = NEUTRAL_MAX): string {
  return escapeText(inertMarkup(text), max, false);
}

/**
 * `neutralise` for a name (a file's, a folder's, a document's): a newline, tab or carriage return
 * in it is escaped as the other control characters are (`a\x0Ab.txt`), since as a space it would
 * read as the name of another file (`a b.txt`). Idempotent, and neutralise leaves its result as it is.
 */
export function neutralName(text: string, max: number = NEUTRAL_MAX): string {
  return escapeText(inertMarkup(text), max, false, false);
}

/** Markdown links lose their shape, and `<` before a tag or an autolink becomes `‹`. */
function inertMarkup(text: string): string {
  return String(text)
    .replace(/\]\s*\(/g, '] (')
    .replace(/<(?=[A-Za-z/!?])/g, '‹');
}

/**
 * The part of `neutralise` for sinks that escape markup themselves (hovers' Markdown): control,
 * format and separator characters as visible escapes, lone surrogates as U+FFFD, cut to `max`.
 */
export function escapeHidden(text: string, max: number = NEUTRAL_MAX): string {
  return escapeText(text, max, false);
}

/** A zero-width space between "$" and "(": VS Code's labels then show "$(name)" as text, not as an icon. */
const ICON_GUARD = '\u200b(';

/**
 * The loop of escapeHidden, neutralName and neutralLabel; `oneLine`: tabs and line ends as one space; `label`: each "(" after "$" becomes ICON_GUARD, counted in `max` (its two
 * characters), so that a label keeps within `max` and neutralLabel stays idempotent.
 */
function escapeText(text: string, max: number, label: boolean, oneLine = true): string {
  let out = '';
  let length = 0;
  for (const c of String(text).replace(LONE_SURROGATE, '\uFFFD')) {
    const piece = HIDDEN.test(c) ? escapeChar(c, oneLine) : label && c === '(' && out.endsWith('$') ? ICON_GUARD : c;
    const size = piece === c ? 1 : piece.length;
    if (length + size > max) return `${cutBefore(out, max)}…`;
    out += piece;
    length += size;
  }
  return out;
}

/**
 * `out` shortened so that it and an ellipsis fit in `max` characters (code points); a guard cut
 * from its "(" goes too (out holds no other raw zero-width space: it is escaped).
 */
function cutBefore(out: string, max: number): string {
  const chars = [...out];
  return chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .replace(/\u200b$/, '');
}

/** Whether `text` holds a character `neutralise` would escape (bidi, zero-width, control…). */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text) || new RegExp(LONE_SURROGATE.source).test(text);
}

/**
 * `neutralise` for VS Code's labels (quick picks, the status bar): there a "$(name)" from a model or
 * a file would render as an icon, so a zero-width space after the "$" keeps it text. Idempotent and
 * within `max` like neutralise: a guard already there is read as "$(" and written again (not
 * escaped as a hidden character), and the guard counts in the length.
 */
export function neutralLabel(text: string, max: number = NEUTRAL_MAX): string {
  return escapeText(inertMarkup(text).replace(/\$\u200b\(/g, '$('), max, true);
}

/**
 * The zero-width non-joiner and joiner: parts of words in Persian and the Indic scripts and of
 * emoji sequences, so kept where both neighbours are characters beyond ASCII; beside ASCII (code,
 * English) they only make two same-looking names differ.
 */
const JOINER = /^[\u200C\u200D]$/u;
const BEYOND_ASCII = /^[^\p{ASCII}\p{Cc}\p{Cf}\p{Z}\uD800-\uDFFF]$/u;

/**
 * A model's text as it may go into a document: without the characters that change how the text
 * around it reads or that cannot be seen — bidi embeddings, overrides, isolates and marks (the
 * Trojan Source characters), control characters (ESC, NUL, C1) other than tab and newlines, zero-width
 * and other format characters, line and paragraph separators, lone surrogates, and U+FFFD (half a
 * character, as a byte-level model writes it). `removed` lists
 * each one left out, as an escape (`\u202E`), once per kind, for the message that says so.
 *
 *   forDocument('\u202Eadmin') // { text: 'admin', removed: ['\\u202E'] }
 */
export function forDocument(text: string): { readonly text: string; readonly removed: readonly string[] } {
  // Split by code points; a lone surrogate stays one unit of its own (its own code point).
  const chars = Array.from(String(text));
  let out = '';
  const removed = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const lone = c.length === 1 && c >= '\uD800' && c <= '\uDFFF';
    const joined = JOINER.test(c) && BEYOND_ASCII.test(chars[i - 1] ?? '') && BEYOND_ASCII.test(chars[i + 1] ?? '');
    // U+FFFD: how a byte-level model's half character decodes (a token or a continuation cut mid-letter).
    if (c === '\t' || c === '\n' || c === '\r' || joined || (!lone && !HIDDEN.test(c) && c !== '\uFFFD')) out += c;
    else removed.add(escapeChar(c));
  }
  return { text: out, removed: [...removed] };
}
