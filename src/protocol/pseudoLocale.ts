/**
 * The pseudo-locale (pure; extension host, webviews, tests): every string that went through
 * localization comes out visibly marked, `⟦Ánálýzé sélécţíóñ⟧`, so that a test — or a person
 * looking at the screen — tells at once a localized string from one that never went through
 * `t()`. The letters are accented so that a string still reads, and so that code assuming ASCII
 * shows up too. Placeholders (`{0}`), codicons (`$(eye)`), link targets (`](command:…)`) and
 * addresses stay as they are: they are syntax, not text.
 *
 *   pseudoLocalize('Loading {0}…')   // "⟦Łóáðíñğ {0}…⟧"
 *
 * `unmarkedText` is the check the pseudo-locale tests run on what a person sees: what is left of a
 * string once the marks, the document's and model's own strings and the numbers are taken away.
 */

export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

const ACCENTED: Readonly<Record<string, string>> = {
  a: 'á',
  c: 'ç',
  d: 'ð',
  e: 'é',
  g: 'ğ',
  i: 'í',
  l: 'ł',
  n: 'ñ',
  o: 'ó',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  G: 'Ğ',
  I: 'Í',
  L: 'Ł',
  N: 'Ñ',
  O: 'Ó',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  Y: 'Ý',
  Z: 'Ž',
};

/** Syntax kept verbatim: {0}, $(icon), ](target), and addresses. */
const SYNTAX = /\{\d+\}|\$\([\w~-]+\)|\]\([^)]*\)|[a-z]+:\/\/\S+/g;

export function pseudoLocalize(message: string): string {
  let out = '';
  let last = 0;
  for (const match of message.matchAll(SYNTAX)) {
    out += accent(message.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return `${PSEUDO_OPEN}${out}${accent(message.slice(last))}${PSEUDO_CLOSE}`;
}

function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What of `text` is neither marked nor `allowed` (document and model strings), or null when no
 * letter is left (numbers and symbols are not words to translate). Marks are taken innermost
 * first, so a translated string inside another comes out whole; allowed strings only as whole
 * words, so an allowed token "On" does not hide "Onward".
 *
 *   unmarkedText('⟦Łáýéŕ⟧ 3 · ␣river', ['␣river'])   // null
 *   unmarkedText('Layer 3', [])                       // "Layer 3"
 */
export function unmarkedText(text: string, allowed: readonly string[]): string | null {
  let rest = text;
  const mark = new RegExp(`${PSEUDO_OPEN}[^${PSEUDO_OPEN}${PSEUDO_CLOSE}]*${PSEUDO_CLOSE}`, 'g');
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(mark, ' ');
  }
  for (const a of [...allowed].sort((x, y) => y.length - x.length))
    rest = rest.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(a)}(?![\\p{L}\\p{N}])`, 'gu'), ' ');
  return /\p{L}/u.test(rest) ? rest.replace(/\s+/g, ' ').trim() : null;
}
