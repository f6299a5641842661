/**
 * How a token's or a word's whitespace reads on screen (pure; host hovers and quick picks,
 * webviews). Two forms, the same everywhere:
 *  - compact glyphs, one per character (␣ ↵ ⇥ ␍), where room is short: the token strip;
 *  - words ("space", "newline + 4 spaces"), where a person reads a list: candidates in quick picks,
 *    hovers and the views' lists. A token made only of whitespace is nothing but its whitespace,
 *    so it reads in words; a token with text keeps its glyphs (␣b and b are different pieces).
 * The words go through `t` (the caller's localization function), so each runtime passes its own.
 */
import { isWordChar } from './wordChars';

const VISIBLE: Readonly<Record<string, string>> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

/**
 * `text` with Unicode spaces other than " " (no-break, thin, ideographic…) as escapes (\u00A0): raw,
 * a label made of them reads as nothing, and one inside a word looks like a plain space.
 */
export function escapeSpaces(text: string): string {
  return text.replace(/(?! )\p{Zs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * `text` with spaces, newlines, tabs and carriage returns as ␣ ↵ ⇥ ␍ and other Unicode spaces as
 * escapes (escapeSpaces); the empty string as ∅.
 */
export function showWhitespace(text: string): string {
  if (text === '') return '∅';
  return escapeSpaces([...text].map((c) => VISIBLE[c] ?? c).join(''));
}

/** A localization function: English message with {0} placeholders (src/host/l10n.ts, webview/common/l10n.ts). */
export type Translate = (message: string, ...args: readonly (string | number | boolean)[]) => string;

/** One run of the same whitespace character, in words. */
function runWords(char: string, count: number, t: Translate): string {
  switch (char) {
    case ' ':
      return count === 1 ? t('space') : t('{0} spaces', count);
    case '\n':
      return count === 1 ? t('newline') : t('{0} newlines', count);
    case '\t':
      return count === 1 ? t('tab') : t('{0} tabs', count);
    case '\r':
      return count === 1 ? t('carriage return') : t('{0} carriage returns', count);
    default:
      // Other Unicode spaces (no-break, ideographic…): named by code point.
      return count === 1 ? t('space U+{0}', hex(char)) : t('{0} × space U+{1}', count, hex(char));
  }
}

function hex(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Whitespace in words: "space", "4 spaces", "newline + 4 spaces", "tab". A Windows line end
 * (\r\n) reads as one newline. Characters that are not whitespace are kept as they are.
 */
export function whitespaceWords(text: string, t: Translate): string {
  const chars = [...text.replace(/\r\n/g, '\n')];
  const parts: string[] = [];
  for (let i = 0; i < chars.length;) {
    let j = i + 1;
    while (j < chars.length && chars[j] === chars[i]) j++;
    parts.push(/\s/u.test(chars[i]) ? runWords(chars[i], j - i, t) : chars.slice(i, j).join(''));
    i = j;
  }
  return parts.join(' + ');
}

/**
 * A token's text with its whitespace in words and its other runs as they are, joined with " + "
 * (" river" → "space + river"): what the strip's glyphs ␣ ↵ ⇥ ␍ stand for. Null when it has none, or
 * is a piece of a split character (its label says "ó[1/2]", which these words would not).
 */
export function spellWhitespace(text: string, t: Translate): string | null {
  if (!/\s/u.test(text) || text.includes('\uFFFD')) return null;
  return (text.match(/\s+|\S+/gu) ?? []).map((run) => (/\s/u.test(run) ? whitespaceWords(run, t) : run)).join(' + ');
}

/** True when `text` is not empty and only whitespace. */
export function isBlank(text: string): boolean {
  return text !== '' && /^\s+$/u.test(text);
}

/** A token that decodes alone to U+FFFD only, after any whitespace: a piece of a character that a byte-level tokenizer split (a Spanish "ñ"). */
const PIECE = /^(\s*)\uFFFD+$/u;

/** Whether `text` is a piece of a character only (PIECE): it reads as U+FFFD, and puts nothing visible into a text. */
export function isCharacterPiece(text: string): boolean {
  return PIECE.test(text);
}

/**
 * A token as a list reads it: whitespace-only tokens in words ("newline + 4 spaces"), a piece of a
 * character in words ("part of a character", not "�"), any other token with its whitespace as
 * glyphs (␣b); the empty string as ∅.
 */
export function readToken(text: string, t: Translate): string {
  const piece = PIECE.exec(text);
  if (piece) return piece[1] ? `${whitespaceWords(piece[1], t)} + ${t('part of a character')}` : t('part of a character');
  return isBlank(text) ? whitespaceWords(text, t) : showWhitespace(text);
}

/**
 * A candidate token as a list reads it (readToken), where a part of a character also says its
 * token number: several pieces decode alike to U+FFFD, and only the number tells them apart.
 */
export function readCandidate(candidate: { readonly token: string; readonly id: number }, t: Translate): string {
  const piece = PIECE.exec(candidate.token);
  if (!piece) return readToken(candidate.token, t);
  const part = t('part of a character (token {0})', candidate.id);
  return piece[1] ? `${whitespaceWords(piece[1], t)} + ${part}` : part;
}

/**
 * A token among the choices a command hands to a script (Mask Word's, Next Word's): its text, as it
 * would go into the document, but a piece of a character as a list reads it (readCandidate: "part
 * of a character (token 163)"), not the raw U+FFFD it decodes to, which a script would write into
 * the text. The one rule for both commands.
 */
export function choiceText(candidate: { readonly token: string; readonly id: number }, t: Translate): string {
  return isCharacterPiece(candidate.token) ? readCandidate(candidate, t) : candidate.token;
}

/**
 * A whole word (a filler, a completion) as a list reads it: one leading space — the usual gap
 * before a word — is left out; any other whitespace around the word reads in words, joined with
 * " + " ("newline + 4 spaces + return"); a word made only of whitespace reads in words.
 */
export function readWord(text: string, t: Translate): string {
  if (text === '') return '∅';
  if (isBlank(text)) return whitespaceWords(text, t);
  const lead = /^\s*/u.exec(text)![0];
  const trail = /\s*$/u.exec(text)![0];
  const core = text.slice(lead.length, text.length - trail.length);
  // Inside a phrase a space stays a space; other whitespace shows as its glyph.
  const inner = core.replace(/[\n\t\r]/g, (c) => VISIBLE[c]);
  const parts = [lead === ' ' || lead === '' ? '' : whitespaceWords(lead, t), inner, trail ? whitespaceWords(trail, t) : ''];
  return parts.filter(Boolean).join(' + ');
}

/**
 * The word a completion finishes when the text before the cursor ends inside a word ("gr" and
 * "ass" make "grass"), so that a list shows the word a person reads rather than its tail; null
 * when `text` starts a new word (whitespace or punctuation first) or no word ends at the cursor.
 * Only the last `max` characters of the word are kept ("…" before them): `before` may be a line
 * of megabytes, and only its end is read.
 */
export function completedWord(before: string, text: string, max = 40): string | null {
  const first = text.codePointAt(0);
  if (first === undefined || !isWordChar(String.fromCodePoint(first))) return null;
  const tail = [...before.slice(-(2 * max + 2))];
  let start = tail.length;
  while (start > 0 && isWordChar(tail[start - 1])) start--;
  if (start === tail.length) return null;
  const word = tail.slice(start);
  return (word.length > max ? `…${word.slice(-max).join('')}` : word.join('')) + text;
}
