/**
 * A file Word Senses reads from disk, as text (pure; extension host and unit tests): UTF-8, or
 * null for what is not text.
 */

/** UTF-8 text, or null for what is not (a NUL byte, an invalid sequence). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
