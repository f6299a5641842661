/**
 * The length a tokenizer's added token may have (engine runtime). transformers.js splits every text
 * it encodes on the added tokens before the vocabulary model runs, and the engine encodes many pieces
 * of a long text to fit its window: an added token of a million characters made each analysis of a
 * 1 MB text take 18.6 s instead of 0.19 s. No tokenizer needs one that long (special tokens are tens
 * of characters, a code model's whitespace runs a few dozen), so a longer one is refused at the load.
 *
 *   tooLongAddedToken([{ id: 5, content: 'Z'.repeat(1e6) }], 'tiny')  // EngineError 'model-corrupt'
 */
import { EngineError } from './errors';

/** The most characters (UTF-16 units) an added token may have. */
export const MAX_ADDED_TOKEN = 4096;

/** The refusal of the first added token longer than MAX_ADDED_TOKEN, or null. */
export function tooLongAddedToken(tokens: readonly { readonly id?: unknown; readonly content?: unknown }[], label: string): EngineError | null {
  const long = tokens.find((t) => typeof t?.content === 'string' && t.content.length > MAX_ADDED_TOKEN);
  if (!long) return null;
  const id = typeof long.id === 'number' ? long.id : '?';
  return new EngineError(
    'model-corrupt',
    `model ${label}: tokenizer.json's added token ${id} is ${(long.content as string).length} characters long, more than the ${MAX_ADDED_TOKEN} a token can be; it was not loaded`,
  );
}
