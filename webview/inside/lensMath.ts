/**
 * The layer lens grid's bookkeeping (pure: browser and Node): which positions have a lens (a
 * decoder's every position, an encoder's masked ones), which of them a window of the grid shows,
 * and one token's probability and rank through the layers — the token of a clicked cell (by id) or
 * a watched word (by its text, as the model writes it) — read from each layer's top-k. Beyond the
 * top-k the lens keeps, a token has no number here: it is "not in the top k", never a guess.
 *
 *   lensPositions(tokens, 'decoder');      // [0, 1, …, T−1]
 *   follow(lensPosition, id);              // [{ layer: 0, p: null, rank: null }, { layer: 1, p: 0.2, rank: 3 }, …]
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

/** A watched word's text as it is compared: the model's tokens often carry a leading space (" the"), the reader types "the". */
export const watchKey = (text: string): string => text.trim();

/**
 * A watched word through the layers: at each layer, the best-ranked candidate whose text is the word;
 * `source` gives a candidate's text (a byte-level vocabulary string decoded, "Ġthe" → " the").
 */
export function followText(position: LensPosition, text: string, source: (token: string) => string = (s) => s): FollowStep[] {
  const wanted = watchKey(text);
  return position.layers.map(({ layer, top }) => {
    const i = top.findIndex((c) => watchKey(source(c.token)) === wanted);
    return { layer, p: i >= 0 ? top[i].p : null, rank: i >= 0 ? i + 1 : null };
  });
}
