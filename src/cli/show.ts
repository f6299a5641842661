/**
 * How the CLI writes to a terminal (plain Node). A token or a name goes into a line as a JSON
 * string's body, so whitespace and control characters read as escapes (\n, \t, \u001b, \u202e) and
 * a line stays one line; a byte-level vocabulary piece is first read as the text it stands for
 * ("Ġorilla" → " orilla", "rÃ³" → "ró"), as the views show it. JSON output and whole lines of text
 * get the same treatment at the write (terminalSafeJson, terminalText), so no subcommand depends on
 * each of its fields having been escaped.
 */
import { tokenSource } from '../protocol/byteLevel';
import { escapeHidden } from '../protocol/neutralise';

/**
 * JSON as text safe for a terminal: the characters JSON.stringify leaves raw but a terminal or an
 * editor would act on (DEL, C1 controls, bidi and other format characters, line separators) are
 * written as \u escapes; the value read back is the same.
 */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\p{Cf}]/gu, (c) =>
    Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** `s` as the body of a JSON string, terminal-safe. */
export const show = (s: string): string => terminalSafeJson(s).slice(1, -1);

/** Lines for a terminal, each ended by a newline: in a line, control, format and separator characters become visible escapes (a newline one space). */
export const terminalText = (lines: readonly string[]): string => lines.map((line) => `${escapeHidden(line, Infinity)}\n`).join('');

/** A token's text as `show` writes it, decoded first when the vocabulary is byte-level. */
export const showToken = (text: string, byteLevel: boolean): string => show(tokenSource(text, byteLevel));
