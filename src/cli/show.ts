/**
 * How the CLI writes to a terminal (plain Node). A token or a name goes into a line as a JSON
 * string's body, so control characters read as escapes (\u001b, \u202e) and a line stays one line;
 * a token's spaces, newlines and tabs read in the panel strip's glyphs (␣ ↵ ⇥ ␍) in every command;
 * a byte-level vocabulary piece is first read as the text it stands for ("Ġorilla" → "␣orilla",
 * "rÃ³" → "ró"), as the views show it. JSON output and whole lines of text
 * get the same treatment at the write (terminalSafeJson, terminalText), so no subcommand depends on
 * each of its fields having been escaped.
 */
import { characterParts, tokenSource } from '../protocol/byteLevel';
import { shownPath } from '../engine/paths';
import { escapeHidden } from '../protocol/neutralise';
import { localeDecimal, localePercent, localeWeight } from '../protocol/numberFormat';
import { isBlank, showWhitespace } from '../protocol/tokenText';

/**
 * JSON as text safe for a terminal: the characters JSON.stringify leaves raw but a terminal or an
 * editor would act on (DEL, C1 controls, bidi and other format characters, line separators) are
 * written as \u escapes, and so is each combining mark after the second on one letter (a stack of them
 * spills over the lines around it); the value read back is the same.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\p{Cf}]|(?<=\p{Mn}{2})[\p{Mn}\p{Me}]/gu, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/**
 * A probability or a share as the panel writes it (numberFormat.ts): one decimal from 1 %, two
 * significant digits under it, so that an unlikely token reads "0.015%", not "0.0%".
 */
export const percent = (p: number): string => localePercent(p, 'en');

/**
 * A number a person reads, as the panel writes it (numberFormat.ts): `digits` decimals and the minus
 * sign U+2212 ("−2.028", never "-0.000"); "—" when it is not a number. JSON output keeps JavaScript's "-".
 */
export const decimal = (x: number, digits: number): string => localeDecimal(x, digits, 'en');

/** An attention weight as the panel writes it (localeWeight): three decimals, two significant digits under 0.0005. */
export const weight = (x: number): string => localeWeight(x, 'en');

/** A logit (a score before the softmax, any size and sign): three decimals, never a weight's "<0.00000001" or significant digits. */
export const logit = (x: number): string => localeDecimal(x, 3, 'en');

/** A cosine as the panel writes it (formatCosine): three decimals whatever its size ("0.000" either side of zero). */
export const cosine = (x: number): string => localeDecimal(x, 3, 'en');

/**
 * A model's id (a hub id, or the folder as given) as a line names it: as the engine's messages name
 * it (shownPath), a newline in a folder's name escaped (`\x0A`), not a space that reads as another folder.
 */
export const modelName = (id: string): string => shownPath(id);

/** `s` as the body of a JSON string, terminal-safe. */
export const show = (s: string): string => terminalSafeJson(s).slice(1, -1);

/** Lines for a terminal, each ended by a newline: in a line, control, format and separator characters become visible escapes (a newline one space). */
export const terminalText = (lines: readonly string[]): string => lines.map((line) => `${escapeHidden(line, Infinity)}\n`).join('');

/**
 * A token made only of whitespace as the panel's strip shows it (␣ ↵ ⇥ ␍, tokenText.ts), not as a
 * blank a column cannot tell from no token; any other space (no-break, ideographic…) by its code point.
 */
const blankName = (text: string): string => showWhitespace(text).replace(/\s/gu, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

/** The strip's glyphs (tokenText.ts) for the whitespace a token with text holds. */
const GLYPHS: Readonly<Record<string, string>> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

/**
 * A token with text as `show` writes it, its spaces, newlines, tabs and carriage returns in the
 * strip's glyphs ("␣orilla", "↵return"): every command writes a token so, since a leading space
 * in a column reads as padding.
 */
const showText = (text: string): string => show(text.replace(/[ \n\t\r]/g, (c) => GLYPHS[c]));

/**
 * A token's text as `showText` writes it, decoded first when the vocabulary is byte-level; one that
 * starts with a combining mark stands on a dotted circle (U+25CC), as Unicode's charts show a mark
 * alone; one made only of whitespace in the strip's glyphs (blankName).
 */
export function showToken(text: string, byteLevel: boolean): string {
  const source = tokenSource(text, byteLevel);
  return isBlank(source) ? blankName(source) : showText(source.replace(/^\p{M}/u, '\u25cc$&'));
}

/**
 * A candidate (already decoded by the engine) as showText writes it, but one that is only a piece of a
 * character (U+FFFD after any whitespace) in words, as the panel's lists read it (tokenText.ts), and one
 * made only of whitespace in the strip's glyphs (blankName).
 */
export function candidateName(token: string): string {
  // A token that decodes to nothing (an added token with empty content) is named, not left blank.
  if (token === '') return '∅';
  const piece = /^(\s*)\uFFFD+$/u.exec(token);
  if (piece) return shortened(`${showText(piece[1])}(part of a character)`);
  return shortened(isBlank(token) ? blankName(token) : showText(token));
}

/**
 * The most characters a candidate's name takes in a line, a terminal's width: a vocabulary may hold
 * an entry of thousands of characters (an added token), which written whole filled the screen with
 * one word, where the editor's lists cut theirs.
 */
export const CANDIDATE_MAX = 80;

/** What a shown name is cut between: an escape, a character with its marks, a mark alone. */
const SHOWN_UNIT = /\\u[0-9a-fA-F]{4}|\\.|\P{M}\p{M}*|\p{M}/gsu;

/** `shown` cut to `max` characters, the last an ellipsis, between two of its units (never inside an escape). */
export function shortened(shown: string, max = CANDIDATE_MAX): string {
  if ([...shown].length <= max) return shown;
  let out = '';
  let length = 0;
  for (const [unit] of shown.matchAll(SHOWN_UNIT)) {
    const size = [...unit].length;
    if (length + size > max - 1) break;
    out += unit;
    length += size;
  }
  return `${out}…`;
}

/**
 * A token list's names as showToken writes them, but a character the tokenizer split over several
 * tokens is named in each of them by the whole character and its part, "😀[1/4]", as the panel's strip
 * names it (each piece alone decodes to U+FFFD).
 */
export function tokenNames(tokens: readonly { readonly text: string; readonly special?: boolean }[], byteLevel: boolean): string[] {
  const parts = characterParts(tokens, byteLevel);
  return tokens.map((tok, i) => {
    const part = parts[i];
    return part ? `${show(part.whole.replace(/^\p{M}/u, '\u25cc$&'))}[${part.part}/${part.of}]` : showToken(tok.text, byteLevel);
  });
}

/** One piece a column holds whole: an escape that show wrote, or a user-perceived character. */
const PIECES = /\\(?:u[0-9a-fA-F]{4}|[^u])/y;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Terminal columns of one user-perceived character: two for East Asian wide ones and emoji, none for a mark alone. */
function pieceColumns(piece: string): number {
  if (piece.length > 1 && piece.startsWith('\\')) return piece.length; // an escape
  const cp = piece.codePointAt(0) ?? 0;
  if (/^[\p{M}\p{Cf}]/u.test(piece)) return 0;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    piece.includes('\ufe0f');
  return wide ? 2 : 1;
}

/** `text` (as show writes it) split into the pieces a column keeps whole. */
function pieces(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < text.length) {
    PIECES.lastIndex = at;
    const escape = PIECES.exec(text);
    const next = escape ? at + escape[0].length : text.indexOf('\\', at + 1) < 0 ? text.length : text.indexOf('\\', at + 1);
    if (escape) out.push(escape[0]);
    else for (const g of graphemes.segment(text.slice(at, next))) out.push(g.segment);
    at = next;
  }
  return out;
}

/** How many terminal columns `text` takes. */
export const columns = (text: string): number => pieces(text).reduce((sum, p) => sum + pieceColumns(p), 0);

/**
 * `text` (as show writes it) in a column `width` terminal columns wide: cut before the piece that
 * would pass the edge (never inside an escape, a surrogate pair or a letter with its accents), then
 * padded with spaces. With `mark`, a cut text ends in "…" (one column of the width), so that two
 * long tokens cut alike (a newline with 15 spaces, one with 31) are not read as the same.
 */
export function column(text: string, width: number, mark = false): string {
  if (mark && width > 1 && columns(text) > width) {
    const cut = column(text, width - 1).trimEnd();
    return `${cut}…${' '.repeat(width - 1 - columns(cut))}`;
  }
  let out = '';
  let used = 0;
  for (const piece of pieces(text)) {
    const w = pieceColumns(piece);
    if (used + w > width) break;
    out += piece;
    used += w;
  }
  return out + ' '.repeat(width - used);
}
