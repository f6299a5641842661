// Builds benchmark input texts with an exact token count for a given tokenizer (build-time tools, Node).
// Token counts grow monotonically (in practice) with the length of a prefix, so a binary search over
// character prefixes finds one that yields exactly T tokens; whitespace-trimmed ends are then adjusted.
//   const text = textWithTokens((s) => countTokens(s), 512);
import { BPE_CORPUS } from '../fixtures/corpus';

/** English/Spanish prose and TypeScript, repeated until it is long enough for any benchmark length. */
export function sourceText(minChars: number): string {
  const base = BPE_CORPUS.trim();
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < minChars; i++) {
    const part = `${base}\n// part ${i}\n`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/** A prefix of the source text whose tokenization (special tokens included) has exactly `T` tokens. */
export function textWithTokens(count: (text: string) => number, T: number): string {
  let source = sourceText(T * 8);
  while (count(source) < T) source = sourceText(source.length * 2);
  let lo = 1;
  let hi = source.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (count(source.slice(0, mid)) < T) lo = mid + 1;
    else hi = mid;
  }
  // lo is the shortest prefix with ≥ T tokens; step forward past prefixes that end in whitespace.
  for (let end = lo; end <= Math.min(source.length, lo + 64); end++) {
    const text = source.slice(0, end);
    if (text.trim() === text && count(text) === T) return text;
  }
  throw new Error(`no prefix of the benchmark text has exactly ${T} tokens`);
}
