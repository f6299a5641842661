/**
 * How many tokens a tokenizer makes per character around a point (engine runtime), measured on a
 * short sample, so that a long range is cut to what could hold a window before it is tokenized.
 * No ordinary tokenizer makes more than 3 tokens per UTF-16 unit (a byte-level one splits a BMP
 * character into at most 3 bytes); a hostile tokenizer.json whose normalizer grows the text 100×
 * (a Replace of every character) would otherwise have the usual first cut of 65,536 characters
 * turned into 6.5 M before tokenizing: minutes of a busy worker, or its memory.
 *
 *   tokensPerChar(model, text, 0, text.length, 0)   // ≈ 0.3 for English prose, ≈ 100 for such a normalizer
 */
import { innerTokenizer, type LoadedModel } from './model';

/** Characters sampled each side of the focus. */
const SAMPLE = 128;

/** More tokens per character than any ordinary tokenizer makes: the text grows inside the tokenizer. */
export const GROWING_DENSITY = 3;

/** Tokens per character of text[start, end) around `focus`, special tokens left out (0 for an empty sample). */
export function tokensPerChar(model: LoadedModel, text: string, start: number, end: number, focus: number): number {
  const from = Math.max(start, Math.min(focus, end) - SAMPLE);
  const sample = text.slice(from, Math.min(end, from + 2 * SAMPLE));
  if (sample.length === 0) return 0;
  const inner = innerTokenizer(model.tokenizer);
  return inner.encode(sample, { add_special_tokens: false }).ids.length / sample.length;
}
