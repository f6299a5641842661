/**
 * What of a piece of text can be seen (pure TypeScript, all runtimes). Mask Word reads it: a
 * selection or the word at a cursor that holds only invisible characters — a BOM, a zero-width
 * joiner or space, a soft hyphen, a variation selector or a combining mark with no base, a control
 * character — has nothing a filler could stand for (a word-piece tokenizer drops them, leaving no
 * token to mask; a byte-level one masks their bytes and the filler glues two words or breaks an
 * emoji), and invisible characters at a mask's ends would be deleted by the filler that replaces it.
 *
 *   visibleSpan('\u200Briver ');  // { start: 1, end: 6 }
 *   visibleSpan('\u200D');        // null
 *   invisibleCodes('\u200D');     // ['U+200D']
 */

/** A character that shows on its own: a letter, digit, punctuation, symbol or private-use glyph. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}\p{Co}]/u;
/** At the start: anything that is not visible, a mark included (its base lies before the span). */
const LEAD = /^[^\p{L}\p{N}\p{P}\p{S}\p{Co}]*/u;
/** At the end: spaces, controls, format and unassigned characters, and lone surrogates; a mark stays with its base. */
const TRAIL = /[\p{Z}\p{Cc}\p{Cf}\p{Cn}\s\uD800-\uDFFF]*$/u;

const SPACE = /[\p{Zs}\t\n\r\f\v]/u;

/** The span of `text` without the invisible characters at its ends; null when nothing in it can be seen. */
export function visibleSpan(text: string): { readonly start: number; readonly end: number } | null {
  if (!VISIBLE.test(text)) return null;
  const start = LEAD.exec(text)![0].length;
  const end = start + text.slice(start).replace(TRAIL, '').length;
  return { start, end };
}

/** The invisible characters of `text` other than spaces and line ends, as code points ("U+200D"), each once, in order. */
export function invisibleCodes(text: string): string[] {
  const codes = Array.from(text)
    .filter((c) => !VISIBLE.test(c) && !SPACE.test(c))
    .map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return [...new Set(codes)];
}
