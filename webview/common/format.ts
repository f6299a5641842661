/**
 * How tokens, ranges and numbers read on screen (pure: browser and Node). Nothing here produces
 * markup: the results are plain strings that the views set as text.
 */
import type { TokenInfo } from '../../src/protocol/analysis';
import { characterParts, isByteLevel, tokenSource } from '../../src/protocol/byteLevel';
import { escapeHidden } from '../../src/protocol/neutralise';
import { escapeSpaces, readToken, showWhitespace } from '../../src/protocol/tokenText';
import type { SourceRange } from '../../src/protocol/webviewApi';
import { localeCompact, localeDecimal, localeInteger, localePercent, localeWeight, localeWholePercent, MINUS } from '../../src/protocol/numberFormat';
import { language, t } from './l10n';

export { isByteLevel, tokenSource };

/**
 * The most characters a token's label shows (then "…"): a vocabulary's longest pieces (a run of
 * "=" or of spaces) fit, and a piece that is not one (an unknown word read from the document, a
 * hostile model's entry of thousands of characters) cannot push the strip, a label or a bar off
 * the page. The tooltip shows up to TEXT_MAX.
 */
export const LABEL_MAX = 64;

/** The most characters of a token's own text the tooltip shows. */
export const TEXT_MAX = 200;

/** The most characters of a notice (an engine's sentence that may quote a model folder or a config field). */
export const NOTICE_MAX = 1000;

/**
 * Text from a model or a document as a label shows it: control and format characters (bidi
 * overrides and isolates, zero-width characters, the BOM) and Unicode spaces other than " " as
 * visible escapes (\u202E, \u00A0), which raw would reorder the text around them or read as
 * nothing; cut to `max` characters with "…" (neutralise.ts's escapes, so hovers and the panel agree).
 */
export function visibleText(text: string, max: number = LABEL_MAX): string {
  return escapeHidden(escapeSpaces(text), max);
}

/**
 * A passage from a document or a model (a sentence, a generated continuation) as a paragraph shows
 * it: line by line, control and format characters (bidi overrides and isolates, zero-width
 * characters) as escapes, so that its line breaks stay (CR LF as one) and nothing in it reorders or
 * hides the text around it. Unlike a token's label, a no-break space stays itself: in running text
 * it reads as the space it is (Spanish and French put one before "%" and inside « »). No cut (the
 * host bounds a passage, CSS wraps it).
 */
export function visibleLines(text: string): string {
  return text
    .split(/\r\n|\n/)
    .map((line) => escapeHidden(line, Infinity))
    .join('\n');
}

/** The token as the strip shows it, where room is short: its source text with whitespace as glyphs (↵␣␣␣). */
export function stripLabel(text: string, byteLevel: boolean): string {
  // Most tokens have none of the characters the steps change and are short: they read as themselves.
  if (!byteLevel && PLAIN.test(text) && text.length <= LABEL_MAX) return text;
  return visibleText(showWhitespace(tokenSource(text, byteLevel)));
}

/**
 * Text without whitespace that showWhitespace shows as glyphs, nor the markers tokenSource turns
 * back into it, nor a character visibleText escapes.
 */
const PLAIN = /^[^ \n\t\rĠĊĉč▁\p{Cc}\p{Cf}\p{Z}\uD800-\uDFFF]+$/u;

/** The token as a list reads it: a whitespace-only token in words ("newline + 4 spaces"), any other with glyphs (␣the). */
export function tokenLabel(text: string, byteLevel: boolean): string {
  return visibleText(readToken(tokenSource(text, byteLevel), t));
}

/**
 * Labels for a whole token list. A byte-level tokenizer may split one character over several
 * tokens (a Spanish "ó" is two UTF-8 bytes); alone, each piece decodes to nothing readable, so
 * the pieces are decoded together and each shows the character with its part, "ó[1/2]", "ó[2/2]".
 */
export function tokenLabels(tokens: readonly Pick<TokenInfo, 'text' | 'special'>[], byteLevel: boolean): string[] {
  const parts = characterParts(tokens, byteLevel);
  return tokens.map((tok, i) => {
    const part = parts[i];
    return part ? `${visibleText(showWhitespace(part.whole))}[${part.part}/${part.of}]` : stripLabel(tok.text, byteLevel);
  });
}

/**
 * A 0-based range as people read it: 1-based "line:column–line:column". A token with none is special ([CLS],
 * <|endoftext|>) or one the tokenizer added without text (a prepended "▁"): each is said as it is.
 */
export function formatRange(r: SourceRange | null, special: boolean): string {
  if (!r) return special ? t('no source (special token)') : t('no source in the text (added by the tokenizer)');
  return `${r.startLine + 1}:${r.startCharacter + 1}–${r.endLine + 1}:${r.endCharacter + 1}`;
}

/** A probability as a percentage in the page's language: "41.2%", "0.37%", "0.024%" ("41,2 %" in Spanish); numberFormat.ts. */
export function formatPercent(p: number): string {
  return localePercent(p, language());
}

/** A share (0..1) as a whole percentage in the page's language, for a rule's threshold ("50%", "50 %"). */
export function formatWholePercent(p: number): string {
  return localeWholePercent(p, language());
}

/**
 * Makes the number formats the views use (percentages, weights) while the page is idle: a page's
 * first Intl.NumberFormat loads its language's data, tens of milliseconds (~100 under load) that
 * would otherwise fall on the first paint showing a number (the positions' captions, the matrix's
 * legend). They are kept per language and options (numberFormat.ts).
 */
export function prepareNumberFormats(): void {
  const make = (): void => {
    formatPercent(0.5);
    formatPercent(0.005);
    formatWeight(0.5);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(make, { timeout: 1000 });
  else setTimeout(make, 0);
}

/** An attention weight in the page's language, as every view writes it ("0.250", "0,250", "0.00012"): localeWeight. */
export function formatWeight(w: number): string {
  return localeWeight(w, language());
}

/**
 * A cosine (−1 … 1) in the page's language: three decimals, whatever its size ("0.930", "−0,200",
 * "0.000"). Not formatWeight: a weight above zero keeps significant digits (the model gave it), while
 * a cosine of 0.0002 is as orthogonal as one of −0.0002 and reads the same, "0.000".
 */
export function formatCosine(c: number): string {
  return localeDecimal(c, 3, language());
}

/** A surprisal, two decimals and the unit ("5.00 bits", "5,00 bits"). */
export function formatBits(bits: number): string {
  return Number.isFinite(bits) ? t('{0} bits', localeDecimal(bits, 2, language())) : '—';
}

/** The width of a probability bar, as a CSS percentage clamped to 0..100. */
export function barWidth(p: number): string {
  const pct = Number.isFinite(p) ? Math.min(100, Math.max(0, p * 100)) : 0;
  return `${pct.toFixed(2)}%`;
}

/** A whole number with the page language's grouping ("1,421,058", "1.421.058"). */
export function formatInteger(n: number): string {
  return localeInteger(n, language());
}

/** A large count in the page's language, its magnitude in words ("1.42 million", "1,42 millones"; numberFormat.ts). */
export function formatCount(n: number): string {
  return localeCompact(n, language());
}

/** A number with `digits` decimals in the page's language ("8.0", "8,0"). */
export function formatDecimal(x: number, digits: number): string {
  return localeDecimal(x, digits, language());
}

/** A decimal typed by a person, with a comma or a point ("0,3", "0.3", " .5 ", "−0,5" as the page writes it); NaN when it is not one. */
export function parseDecimal(text: string): number {
  const written = text.trim().replace(',', '.').replace(MINUS, '-');
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(written) ? Number(written) : Number.NaN;
}

/**
 * A number JavaScript wrote (toFixed, toPrecision, toExponential, String) written again in the
 * page's language, digit for digit: JavaScript chooses the digits, the language the separators
 * ("0.0100" → "0,0100", "-1.235e-3" → "−1,235e−3", "0.265625" → "0,265625"), every sign the MINUS of
 * numberFormat.ts; "−∞", "∞" and "—" (not a number) in any language.
 */
function relocalize(written: string): string {
  if (written === 'Infinity' || written === '-Infinity') return written.startsWith('-') ? `${MINUS}∞` : '∞';
  const match = /^(-?)(\d+)(?:\.(\d+))?(e[+-]\d+)?$/.exec(written);
  if (!match) return '—'; // NaN
  const [, sign, whole, fraction = '', exponent = ''] = match;
  const digits = localeDecimal(Number(`${whole}.${fraction || '0'}`), fraction.length, language());
  return `${sign && MINUS}${digits}${exponent.replace('-', MINUS)}`;
}

/** A number with `digits` significant digits in the page's language, as toPrecision chooses them ("0.0100", "0,0100"). */
export function formatSignificant(x: number, digits: number): string {
  return relocalize(x.toPrecision(digits));
}

/** A number in scientific notation with `digits` decimals in the page's language ("1.235e+3", "1,235e+3"). */
export function formatScientific(x: number, digits: number): string {
  return relocalize(x.toExponential(digits));
}

/** A number with every digit it holds (the shortest that reads back the same) in the page's language ("-0.265625", "-0,265625"). */
export function formatExact(x: number): string {
  return relocalize(String(x));
}
