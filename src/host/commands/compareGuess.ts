/**
 * What the encoder and the decoder make of the word at the cursor in the comparison (pure; extension
 * host and unit tests). A word the tokenizer splits ("gato" = " g" + "ato") is judged whole, never by
 * its first piece alone: the decoder's probability of the word is the chain rule's product of its
 * tokens' probabilities, each given the text and the pieces before it (its surprisal their sum), and
 * the encoder's fillers are whole words (the engine's joint search over the masked pieces, as Mask
 * Word offers them). Only what exists for one token stays one token's: the decoder's rank and its
 * expectations are those of the word's first token, and the guess says how many tokens there are.
 *
 *   decoderWordGuess(tokens, perToken, base, ws, we)  // { p: p1·p2, surprisal: s1+s2, pieces: 2, rank: rank1, … }
 */
import type { Candidate, TokenInfo, TokenSurprise } from '../../protocol/analysis';
import type { ComparisonGuess } from '../../protocol/webviewApi';
import type { WordFill } from '../../protocol/words';
import { tokensCovering } from '../../protocol/spans';

/** The positions of the tokens that cover document characters `[ws, we)` (the analysis starts at document offset `base`). */
export function wordPositions(tokens: readonly TokenInfo[], base: number, ws: number, we: number): number[] {
  return tokensCovering(tokens, ws, we, base);
}

/**
 * The decoder's view of the word: the probability of all its tokens in turn, their summed surprisal,
 * and its first token's rank and expectations. Null when the decoder predicts no piece of it (the
 * text's first token has no text before it) or misses one.
 */
export function decoderWordGuess(
  tokens: readonly TokenInfo[],
  perToken: readonly TokenSurprise[],
  base: number,
  ws: number,
  we: number,
): ComparisonGuess['decoder'] {
  const positions = wordPositions(tokens, base, ws, we);
  const steps = positions.map((position) => perToken.find((p) => p.position === position));
  if (steps.length === 0 || steps.some((s) => s === undefined)) return null;
  const known = steps as TokenSurprise[];
  const first = known[0];
  return {
    p: known.reduce((p, s) => p * s.p, 1),
    rank: first.rank,
    surprisal: known.reduce((bits, s) => bits + s.surprisal, 0),
    expected: first.top,
    pieces: known.length,
  };
}

/**
 * The encoder's fillers for the masked word: the whole words of the engine's search when it found
 * any (each as one candidate whose text is the word, its probability the pieces' joint one), else the
 * first masked token's own fillers.
 */
export function encoderWordGuess(
  fill: WordFill | undefined,
  firstTokenFillers: readonly Candidate[],
  pieces: number,
): Pick<ComparisonGuess, 'encoderFillers' | 'encoderWhole' | 'encoderPieces'> {
  if (fill && fill.fillers.length > 0)
    return { encoderFillers: fill.fillers.map((f) => ({ token: f.text.trim(), id: f.ids[0] ?? -1, p: f.p })), encoderWhole: true, encoderPieces: pieces };
  return { encoderFillers: firstTokenFillers, encoderWhole: false, encoderPieces: pieces };
}
