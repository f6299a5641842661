/**
 * How the CLI writes a token or a name into a line of text (plain Node): as a JSON string's body, so
 * whitespace and control characters read as escapes (\n, \t, \u001b) and a line stays one line; a
 * byte-level vocabulary piece first read as the text it stands for ("Ġorilla" → " orilla",
 * "rÃ³" → "ró"), as the views show it.
 */
import { tokenSource } from '../protocol/byteLevel';

/** `s` as the body of a JSON string. */
export const show = (s: string): string => JSON.stringify(s).slice(1, -1);

/** A token's text as `show` writes it, decoded first when the vocabulary is byte-level. */
export const showToken = (text: string, byteLevel: boolean): string => show(tokenSource(text, byteLevel));
