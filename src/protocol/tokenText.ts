/**
 * How whitespace inside a token reads on screen (pure; host hovers and quick picks, webviews):
 * one glyph per character, the same everywhere, so a token looks alike in a hover and in the panel.
 */
const VISIBLE: Readonly<Record<string, string>> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

/** `text` with spaces, newlines, tabs and carriage returns as ␣ ↵ ⇥ ␍; the empty string as ∅. */
export function showWhitespace(text: string): string {
  if (text === '') return '∅';
  return [...text].map((c) => VISIBLE[c] ?? c).join('');
}
