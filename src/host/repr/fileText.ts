/**
 * A file Word Senses reads from disk, as the text the editor would hold (pure; extension host and
 * unit tests): UTF-8 without its byte-order mark (the decoder drops it, as the editor does), or
 * UTF-16 that starts with its byte-order mark (the editor opens it by that mark whatever its
 * settings: Windows PowerShell's redirections write it, Notepad's "Unicode" too), with mixed line
 * ends or lone CRs made one kind as the editor makes them (protocol/editorText.ts), so that offsets
 * are the editor's and a reveal finds the file unchanged; null for what is not text.
 */
import { editorLineEnds } from '../../protocol/editorText';

/** The text as the editor holds it, or null for what is not text (a NUL, an invalid sequence, half a character). */
export function decodeText(bytes: Uint8Array): string | null {
  const text = decoded(bytes);
  return text === null || text.includes('\0') ? null : editorLineEnds(text);
}

/**
 * Why decodeText refused `bytes`: a NUL in them reads as a binary file; anything else is text in
 * an encoding it does not read (Windows-1252 or Latin-1, as older Spanish texts on Windows are).
 */
export function notTextBecause(bytes: Uint8Array): 'binary' | 'encoding' {
  const text = decoded(bytes);
  return (text ?? '').includes('\0') || (text === null && bytes.includes(0)) ? 'binary' : 'encoding';
}

/** `bytes` decoded by their byte-order mark (UTF-8 without one), or null where they are not that encoding. */
function decoded(bytes: Uint8Array): string | null {
  const utf16 = (data: Uint8Array): string => new TextDecoder('utf-16le', { fatal: true }).decode(data);
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes);
    // Big-endian: each pair swapped makes it little-endian (its mark too, which the decoder then drops).
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(swapPairs(bytes));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A copy of `bytes` with the two bytes of each pair swapped (an odd last byte stays, and the decoder refuses it). */
function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1], out[i]];
  return out;
}
