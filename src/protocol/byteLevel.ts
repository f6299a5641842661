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
const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8', { fatal: false });

/**
 * True when the tokens look byte-level encoded: they use its space, newline or tab characters; or,
 * in a text without whitespace ("río,niño", a line of Chinese), every piece is in the byte alphabet
 * and a piece, or the run of them all, stands for UTF-8 beyond ASCII. (Latin-1 letters in another
 * vocabulary, "café", "##ío", are almost never valid UTF-8 read as bytes.)
 */
export function isByteLevel(tokens: readonly { readonly text: string; readonly special?: boolean }[]): boolean {
  const texts = tokens.filter((tok) => !tok.special).map((tok) => tok.text);
  if (texts.some((text) => /[ĠĊĉ]/.test(text))) return true;
  if (!texts.every((text) => [...text].every((c) => BYTE_OF_CHAR.has(c)))) return false;
  return texts.some(standsForUtf8) || standsForUtf8(texts.join(''));
}

/** Whether byte-alphabet `text` decodes as UTF-8 that holds more than ASCII. */
function standsForUtf8(text: string): boolean {
  const bytes = Uint8Array.from([...text], (c) => BYTE_OF_CHAR.get(c) as number);
  if (bytes.every((b) => b < 0x80)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
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
  try {
    utf8.decode(Uint8Array.from(chars, (c) => BYTE_OF_CHAR.get(c) as number));
    return true;
  } catch {
    return false;
  }
}
