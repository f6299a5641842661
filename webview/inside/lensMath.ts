/**
 * The layer lens grid's bookkeeping (pure: browser and Node): which positions have a lens (a
 * decoder's every position, an encoder's masked ones), which of them a window of the grid shows,
 * and one token's probability and rank through the layers: the token of a clicked cell (by id), read
 * from each layer's top-k — beyond it, "not in the top k", never a guess —, or a watched word, which
 * the engine answers at every layer whatever its rank (LensRequest.watch).
 *
 *   lensPositions(tokens, 'decoder');      // [0, 1, …, T−1]
 *   follow(lensPosition, id);              // [{ layer: 0, p: null, rank: null }, { layer: 1, p: 0.2, rank: 3 }, …]
 *   followWatched(lensPosition, 0);        // [{ layer: 0, p: 0.0004, rank: 412, token: ' bank' }, …]
 */
import type { LensPosition, ModelKind, TokenInfo } from '../../src/protocol/analysis';

/** The positions the lens reads: a decoder's every token (its next-token prediction), an encoder's masked tokens. */
export function lensPositions(tokens: readonly Pick<TokenInfo, 'masked'>[], kind: ModelKind): number[] {
  const all = tokens.map((_, i) => i);
  return kind === 'decoder' ? all : all.filter((i) => tokens[i].masked);
}

/** The first index (into `positions`) of a window of `count` that holds `focus` (a token position) when it can, kept inside the list. */
export function windowStart(positions: readonly number[], focus: number | null, count: number, current: number): number {
  const last = Math.max(0, positions.length - count);
  if (focus !== null) {
    const i = positions.indexOf(focus);
    if (i >= 0 && (i < current || i >= current + count)) return Math.min(last, Math.max(0, i - Math.floor(count / 2)));
  }
  return Math.min(last, Math.max(0, current));
}

export interface FollowStep {
  readonly layer: number;
  /** The token's lens probability at this layer; null when it is not in the layer's top-k. */
  readonly p: number | null;
  /** 1 = the layer's top token; null when not in the top-k. */
  readonly rank: number | null;
}

/** One token (by id) through the layers of one position. */
export function follow(position: LensPosition, id: number): FollowStep[] {
  return position.layers.map(({ layer, top }) => {
    const i = top.findIndex((c) => c.id === id);
    return { layer, p: i >= 0 ? top[i].p : null, rank: i >= 0 ? i + 1 : null };
  });
}

/** A watched word's text as it is asked: the reader types "the", the engine looks for the token " the" and "the". */
export const watchKey = (text: string): string => text.trim();

/**
 * A watched word through the layers, from the lens's own answer for it (`watched[index]` at each layer,
 * `index` its place in LensData.watch): its probability and rank wherever it stands. Null when the word
 * is not one token of the vocabulary (no layer has it).
 */
export function followWatched(position: LensPosition, index: number): (FollowStep & { readonly token: string })[] | null {
  const steps = position.layers.map(({ layer, watched }) => {
    const w = watched?.[index];
    return w ? { layer, p: w.p, rank: w.rank, token: w.token } : null;
  });
  return steps.every((s) => s !== null) ? steps : null;
}
