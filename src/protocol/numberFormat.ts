/**
 * Numbers and percentages as people of a language read them (pure; extension host, webviews,
 * tests). The host's hovers and quick picks and the webviews' views format through these, each
 * with the language the localization chose (`language` in locale.ts), so that a probability reads
 * `12,5 %` in Spanish and `12.5%` in English, in a hover as in the panel.
 *
 *   localePercent(0.125, 'es')     // "12,5 %" (with a no-break space, as Spanish typesetting has it)
 *   localePercent(0.00024, 'en')   // "0.024%": two significant digits under 1 %, never "2.4e-2%"
 *   localeDecimal(0.25, 3, 'es')   // "0,250"
 *
 * Nothing here returns markup; callers set the result as text.
 */

const formats = new Map<string, Intl.NumberFormat>();

/**
 * The minus sign of every number on screen, in every language: U+2212, the sign of "−∞" and of the
 * mask's "+0/−∞", so that a score "−6,90" and the "−∞" beside it read as one notation (Intl writes
 * the hyphen "-" for English and Spanish). Exports keep JavaScript's own "-": programs read those.
 */
export const MINUS = '\u2212';

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** `x` written by `format`, its sign the MINUS; none when it rounds to zero ("-0,00" would be a negative nothing). */
function written(format: Intl.NumberFormat, x: number): string {
  const s = format.format(x);
  // Most numbers on screen are positive: a views' redraw writes hundreds of them.
  if (!s.includes('-')) return s;
  return s.replace(/-/g, /[1-9]/.test(s) ? MINUS : '');
}

/** The formats of localeDecimal by language and digits (the general key is built per call, which a redraw of hundreds of numbers feels). */
const decimals = new Map<string, Intl.NumberFormat[]>();

function decimalFormat(locale: string, digits: number): Intl.NumberFormat {
  let byDigits = decimals.get(locale);
  if (!byDigits) decimals.set(locale, (byDigits = []));
  return (byDigits[digits] ??= numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
}

/** Below this probability (0.0001 %) a percentage says "<0.0001%" instead of a string of zeros. */
const SMALLEST = 1e-6;

/**
 * A probability (0..1) as a percentage: one decimal from 1 % up ("41.2%", "100.0%"), two
 * significant digits below ("0.37%", "0.024%", "0.0010%"), "<0.0001%" below 0.0001 %, "0%" for
 * zero (and below), "—" when it is not a number.
 */
export function localePercent(p: number, locale: string): string {
  if (!Number.isFinite(p)) return '—';
  if (p <= 0) return localeWholePercent(0, locale);
  if (p >= 0.01) return numberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p);
  if (p >= SMALLEST) return numberFormat(locale, { style: 'percent', minimumSignificantDigits: 2, maximumSignificantDigits: 2 }).format(p);
  return `<${numberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(SMALLEST)}`;
}

/** A share (0..1) as a whole percentage, for progress ("40%", "40 %"); "—" when not a number. */
export function localeWholePercent(p: number, locale: string): string {
  if (!Number.isFinite(p)) return '—';
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(p);
}

/** A number with exactly `digits` decimals, in the language's separators ("0.250", "0,250"); "—" when not a number. */
export function localeDecimal(x: number, digits: number, locale: string): string {
  if (!Number.isFinite(x)) return '—';
  return written(decimalFormat(locale, digits), x);
}

/**
 * An attention weight (0..1) or a cosine: three decimals ("0.237", "0,237"), never a percentage; a
 * weight above zero that three decimals would write as 0.000 (a far token of a long text) gets two
 * significant digits ("0.00012"), up to eight decimals ("<0.00000001" below), so that no weight the
 * model gave reads as none. The panel, the side view, the hover, the course and the command line all
 * write weights through this one rule.
 */
export function localeWeight(w: number, locale: string): string {
  if (w > 0 && w < SMALLEST_WEIGHT / 2) return `<${localeDecimal(SMALLEST_WEIGHT, 8, locale)}`;
  const digits = w > 0 && w < 0.0005 ? Math.min(8, 1 - Math.floor(Math.log10(w))) : 3;
  return localeDecimal(w, digits, locale);
}

/** The smallest weight localeWeight writes with its digits (eight decimals). */
const SMALLEST_WEIGHT = 1e-8;

/** A whole number with the language's grouping ("12,345" / "12.345"); "—" when not a number. */
export function localeInteger(n: number, locale: string): string {
  if (!Number.isFinite(n)) return '—';
  return written(numberFormat(locale, { maximumFractionDigits: 0 }), n);
}

/**
 * A large count, three significant digits at most, its magnitude in the language's words: "1.42
 * million", "175 billion", "1.8 trillion"; "1,42 millones", "175 mil millones", "1,8 billones" in
 * Spanish. Words, not the short "M"/"B": Spanish's short "1,8 B" is a billón (10^12) that readers
 * take for the English billion (10^9). "—" when not a number.
 */
export function localeCompact(n: number, locale: string): string {
  if (!Number.isFinite(n)) return '—';
  return written(numberFormat(locale, { notation: 'compact', compactDisplay: 'long', maximumSignificantDigits: 3 }), n);
}
