/**
 * Byte-level BPE (GPT-2 style) pieces read as the text they stand for (pure: engine, CLI, webviews).
 * Such a tokenizer writes every byte as one printable character (a space is Ġ, a newline Ċ, the two
 * bytes of "ó" are Ã³); a view, a log line or a terminal shows the decoded text instead.
 */
/** GPT-2's byte ↔ printable-character table, inverted: printable Latin-1 bytes stand for themselves, the rest 256+n. */
export const BYTE_OF_CHAR: ReadonlyMap<string, number> = buildByteLevelInverse();

function buildByteLevelInverse(): Map<string, number> {
  const map = new Map<string, number>();
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    map.set(String.fromCharCode(printable ? b : 256 + extra++), b);
  }
  return map;
}

/** Byte-level space, newline, tab and carriage return, and SentencePiece's word marker. */
const MARKERS: Readonly<Record<string, string>> = { Ġ: ' ', Ċ: '\n', ĉ: '\t', č: '\r', '▁': ' ' };

// Node and browsers both have TextDecoder; the protocol's lib (ES2022, no DOM or Node types) does not name it.
declare const TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
const lenient = new TextDecoder('utf-8', { fatal: false });

/**
 * True when the tokens look byte-level encoded: they use its space, newline or tab characters; or,
 * in a text without whitespace ("río,niño", a line of Chinese), every piece is in the byte alphabet
 * and a piece, or the run of them all, stands for UTF-8 beyond ASCII. (Latin-1 letters in another
 * vocabulary, "café", "##ío", are almost never valid UTF-8 read as bytes.)
 */
export function isByteLevel(tokens: readonly { readonly text: string; readonly special?: boolean }[]): boolean {
  // Asked by several views of one analysis for the same list: answered once per list.
  const known = seen.get(tokens);
  if (known !== undefined) return known;
  const texts = tokens.filter((tok) => !tok.special).map((tok) => tok.text);
  let answer: boolean;
  if (texts.some((text) => /[ĠĊĉ]/.test(text))) answer = true;
  // ASCII reads the same either way (its bytes are below 0x80): the common case, decided without a byte array a piece.
  else if (texts.every(isAscii)) answer = false;
  else if (!texts.every((text) => [...text].every((c) => BYTE_OF_CHAR.has(c)))) answer = false;
  else answer = texts.some(standsForUtf8) || standsForUtf8(texts.join(''));
  seen.set(tokens, answer);
  return answer;
}

const seen = new WeakMap<object, boolean>();

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Whether byte-alphabet `text` decodes as UTF-8 that holds more than ASCII. */
function standsForUtf8(text: string): boolean {
  const bytes = Uint8Array.from([...text], (c) => BYTE_OF_CHAR.get(c) as number);
  return !bytes.every((b) => b < 0x80) && isUtf8(bytes);
}

/**
 * Whether `bytes` is well-formed UTF-8, as a fatal TextDecoder judges it (no overlong forms, no
 * surrogates, nothing past U+10FFFF), without the exception it throws: a BERT vocabulary's accented
 * pieces ("café") fail this for every token, and an exception a token cost milliseconds an analysis.
 */
export function isUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // The lead byte gives the count of continuation bytes and the range of the first of them.
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return false;
    if (i + need >= bytes.length) return false;
    const first = bytes[i + 1];
    if (first < lo || first > hi) return false;
    for (let k = 2; k <= need; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return false;
    i += need + 1;
  }
  return true;
}

/**
 * The text a token stands for: byte-level tokens decoded as UTF-8; the bytes of a character split
 * over several tokens (a Spanish "ñ") decode to U+FFFD, which lists read as "part of a character"
 * (tokenText.ts), never to the Latin-1 look of the byte-level alphabet ("Ã").
 */
export function tokenSource(text: string, byteLevel: boolean): string {
  if (byteLevel) {
    const chars = [...text];
    if (chars.every((c) => BYTE_OF_CHAR.has(c))) return lenient.decode(Uint8Array.from(chars, (c) => BYTE_OF_CHAR.get(c) as number));
  }
  return [...text].map((c) => MARKERS[c] ?? c).join('');
}

/** True unless `text` is byte-level pieces that end inside a multi-byte character. */
export function decodes(text: string): boolean {
  const chars = [...text];
  if (!chars.every((c) => BYTE_OF_CHAR.has(c))) return true;
  return isUtf8(Uint8Array.from(chars, (c) => BYTE_OF_CHAR.get(c) as number));
}

/** A token that holds part of a character a byte-level tokenizer split: the text of the pieces together, and which part this is. */
export interface CharacterPart {
  readonly whole: string;
  readonly part: number;
  readonly of: number;
}

/**
 * For each token, the character it is a part of when a byte-level tokenizer split one character
 * over several tokens (a Spanish "ó" is two UTF-8 bytes, an emoji four), else null: alone, each
 * piece decodes to U+FFFD, so every view names the pieces by what they make together, "ó[1/2]".
 */
export function characterParts(tokens: readonly { readonly text: string; readonly special?: boolean }[], byteLevel: boolean): (CharacterPart | null)[] {
  const parts: (CharacterPart | null)[] = tokens.map(() => null);
  if (!byteLevel) return parts;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].special || decodes(tokens[i].text)) continue;
    for (let j = i + 1; j < Math.min(tokens.length, i + 4); j++) {
      if (tokens[j].special) break;
      const text = tokens
        .slice(i, j + 1)
        .map((tok) => tok.text)
        .join('');
      if (!decodes(text)) continue;
      const whole = tokenSource(text, true);
      for (let k = i; k <= j; k++) parts[k] = { whole, part: k - i + 1, of: j - i + 1 };
      i = j;
      break;
    }
  }
  return parts;
}
