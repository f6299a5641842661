/**
 * Whole-word predictions (pure TypeScript, all runtimes): what Mask Word proposes for a word the
 * tokenizer splits into several pieces (" b" + "ank"), and what Next Word proposes when the next
 * word takes several decoder steps. A candidate is a sequence of vocabulary pieces that together
 * make one word; `p` is the joint probability of its pieces (see src/engine/words/ for how each is
 * searched and why it is scored so).
 */

export interface WordCandidate {
  /** The pieces joined as they would follow the text before: leading whitespace included (" bank"). */
  readonly text: string;
  /** The vocabulary ids of the pieces, in order. */
  readonly ids: readonly number[];
  /** The joint probability of the pieces (their step probabilities multiplied). */
  readonly p: number;
}

/** The whole-word fillers of one masked range (one `maskChars` entry of the request). */
export interface WordFill {
  /** Index of the range in the request's `maskChars`. */
  readonly mask: number;
  /** How many pieces the masked text had. */
  readonly pieces: number;
  /** Most likely first. */
  readonly fillers: readonly WordCandidate[];
}

/** How wide the searches are. */
export interface WordSearch {
  /** Paths kept per step (beam width); default 5. */
  readonly width?: number;
  /** Candidates returned; default 10. */
  readonly limit?: number;
}
