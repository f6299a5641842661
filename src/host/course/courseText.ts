/**
 * A course pack's own text made safe for a notification (extension host): a teacher's pack is a
 * file from anywhere, so its messages lose Markdown links, control and bidi characters, and length.
 */
// eslint-disable-next-line no-control-regex -- the characters a notification must not carry
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX = 600;

export function neutralCourseText(text: string): string {
  const plain = text
    .replace(UNSAFE, '\uFFFD')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/[<>]/g, '');
  return plain.length > MAX ? `${plain.slice(0, MAX - 1)}…` : plain;
}
