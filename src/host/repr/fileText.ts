/**
 * A file Word Senses reads from disk, as the text the editor would hold (pure; extension host and
 * unit tests): UTF-8 without its byte-order mark (the decoder drops it, as the editor does), with
 * mixed line ends or lone CRs made one kind as the editor makes them (protocol/editorText.ts), so
 * that offsets are the editor's and a reveal finds the file unchanged; null for what is not text.
 */
import { editorLineEnds } from '../../protocol/editorText';

/** UTF-8 text as the editor holds it, or null for what is not text (a NUL byte, an invalid sequence). */
export function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return editorLineEnds(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
}
