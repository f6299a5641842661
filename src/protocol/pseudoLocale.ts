/**
 * The pseudo-locale (pure; extension host, webviews, tests): every string that went through
 * localization comes out visibly marked, `⟦Ánálýzé sélécţíóñ⟧`, so that a test — or a person
 * looking at the screen — tells at once a localized string from one that never went through
 * `t()`. The letters are accented so that a string still reads, and so that code assuming ASCII
 * shows up too. Placeholders (`{0}`), codicons (`$(eye)`), link targets (`](command:…)`) and
 * addresses stay as they are: they are syntax, not text.
 *
 *   pseudoLocalize('Loading {0}…')   // "⟦Łóáðíñğ {0}…⟧"
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
