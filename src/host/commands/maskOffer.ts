/**
 * What Mask Word offers for one mask, and how it reads (pure; extension host, free of `vscode` so that
 * its unit test runs in plain Node). A mask is offered whole words (its pieces filled jointly) or
 * its first token's fillers. Two readings of one filler: the text that goes into the document, and
 * the choice a script is handed, which reads a piece of a character as the list does ("part of a
 * character (token 163)"), never the raw U+FFFD it decodes to.
 *
 *   offerChoices({ whole: false, fillers: [{ token: '\uFFFD', id: 163, p: 0.2 }] }, t) // ['part of a character (token 163)']
 */
import type { Candidate } from '../../protocol/analysis';
import { choiceText, type Translate } from '../../protocol/tokenText';
import type { WordCandidate } from '../../protocol/words';

/** One mask's offer: whole words, or tokens. */
export type Offer = { readonly whole: true; readonly fillers: readonly WordCandidate[] } | { readonly whole: false; readonly fillers: readonly Candidate[] };

/** The text filler `k` puts in the document: a whole word trimmed, a token as the model writes it. */
export function offerText(offer: Offer, k: number): string {
  return offer.whole ? offer.fillers[k].text.trim() : offer.fillers[k].token;
}

/** The choices handed to a script, one per filler: its text, but a piece of a character in words (choiceText). */
export function offerChoices(offer: Offer, t: Translate): string[] {
  if (offer.whole) return offer.fillers.map((_, k) => offerText(offer, k));
  return offer.fillers.map((c) => choiceText(c, t));
}
