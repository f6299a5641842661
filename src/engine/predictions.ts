/**
 * Turns the patched graph's prediction heads (heads.ts), or raw logits when a model cannot carry
 * the heads, into masked-word and next-word predictions (engine runtime).
 */
import type { Candidate, MaskedPrediction, Predictions, TokenSurprise } from '../protocol/analysis';

/** Per-position top-k and normaliser, the common form of in-graph heads and raw logits. */
export interface HeadData {
  readonly length: number;
  readonly k: number;
  readonly topValues: Float32Array;
  readonly topIndices: ArrayLike<bigint | number>;
  readonly logSumExp: Float32Array;
  /** Decoders: logit and 0-based rank of the token that follows each position. */
  readonly nextLogit: Float32Array | null;
  readonly nextRank: Float32Array | null;
}

/** Computes HeadData from logits [length, vocab] in JavaScript (fallback and cross-check). */
export function headsFromLogits(logits: Float32Array, length: number, vocab: number, k: number, ids: readonly number[] | null): HeadData {
  const kk = Math.min(k, vocab);
  const topValues = new Float32Array(length * kk);
  const topIndices = new Int32Array(length * kk);
  const logSumExp = new Float32Array(length);
  const nextLogit = ids ? new Float32Array(length) : null;
  const nextRank = ids ? new Float32Array(length) : null;
  for (let t = 0; t < length; t++) {
    const row = logits.subarray(t * vocab, (t + 1) * vocab);
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) if (row[v] > max) max = row[v];
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(row[v] - max);
    logSumExp[t] = max + Math.log(sum);
    const best: number[] = [];
    for (let v = 0; v < vocab; v++) {
      if (best.length < kk || row[v] > row[best[best.length - 1]]) {
        let i = Math.min(best.length, kk - 1);
        best[i] = v;
        while (i > 0 && row[best[i]] > row[best[i - 1]]) {
          [best[i], best[i - 1]] = [best[i - 1], best[i]];
          i--;
        }
      }
    }
    for (let j = 0; j < kk; j++) {
      topValues[t * kk + j] = row[best[j]];
      topIndices[t * kk + j] = best[j];
    }
    if (ids && nextLogit && nextRank) {
      const next = ids[Math.min(t + 1, length - 1)];
      nextLogit[t] = row[next];
      let higher = 0;
      for (let v = 0; v < vocab; v++) if (row[v] > row[next]) higher++;
      nextRank[t] = higher;
    }
  }
  return { length, k: kk, topValues, topIndices, logSumExp, nextLogit, nextRank };
}

function candidates(heads: HeadData, t: number, k: number, decode: (id: number) => string): Candidate[] {
  const out: Candidate[] = [];
  const n = Math.min(k, heads.k);
  for (let j = 0; j < n; j++) {
    const id = Number(heads.topIndices[t * heads.k + j]);
    const p = Math.exp(heads.topValues[t * heads.k + j] - heads.logSumExp[t]);
    // A logit that is not a number (NaN, ±Infinity) gives no probability: no candidate, not one of "NaN".
    if (Number.isFinite(p)) out.push({ token: decode(id), id, p });
  }
  return out;
}

export function encoderPredictions(heads: HeadData, positions: readonly number[], k: number, decode: (id: number) => string): Predictions {
  const masked: MaskedPrediction[] = positions.map((position) => ({ position, top: candidates(heads, position, k, decode) }));
  return { masked, next: [], perToken: [] };
}

/**
 * perToken describes tokens[position] as predicted from everything before it, for positions
 * 1..T−1 (the first token has no context to be predicted from); `next` follows the last token.
 */
export function decoderPredictions(heads: HeadData, k: number, decode: (id: number) => string): Predictions {
  const perToken: TokenSurprise[] = [];
  const { nextLogit, nextRank } = heads;
  if (nextLogit && nextRank) {
    for (let t = 0; t + 1 < heads.length; t++) {
      const logP = nextLogit[t] - heads.logSumExp[t];
      const p = Math.exp(logP);
      // Logits that are not numbers rank nothing (every comparison with NaN is false: "rank 1"): no entry.
      if (!Number.isFinite(logP) || !Number.isFinite(p)) continue;
      perToken.push({ position: t + 1, p, rank: nextRank[t] + 1, surprisal: -logP / Math.LN2, top: candidates(heads, t, k, decode) });
    }
  }
  const next = heads.length > 0 ? candidates(heads, heads.length - 1, k, decode) : [];
  return { masked: [], next, perToken };
}

/** How many of `positions` have logits that are not numbers (a NaN or infinite log-sum-exp): nothing is predicted there. */
export function positionsWithoutNumbers(heads: HeadData, positions: readonly number[]): number {
  return positions.filter((t) => t < heads.length && !Number.isFinite(heads.logSumExp[t])).length;
}
