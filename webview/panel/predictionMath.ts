/**
 * The next-token list the Predictions tab shows, re-shaped by temperature, top-k and top-p (pure:
 * browser and Node). One list, one meaning: each value is the probability of that token over the
 * whole vocabulary, so at T = 1 with every candidate kept the values are the model's own. The
 * engine returns only the top N candidates; the rest of the vocabulary (1 − their sum) is one more
 * row, "other tokens", kept until top-k or top-p cuts below the candidates. At T ≠ 1 the rest is
 * estimated (each of its tokens taken as likely as the least likely candidate: exact at T = 1, an
 * upper bound below it, a lower bound above it), so its row — and the share it takes from the
 * others — is marked approximate.
 *
 *   shapeCandidates(next, { temperature: 1, topK: 0, topP: 1 }).kept  // = next, most likely first
 */
import type { Candidate } from '../../src/protocol/analysis';
import type { SamplingControls } from '../../src/protocol/sampling';

export interface ShapedList {
  /** The kept candidates, most likely first, with their re-shaped probabilities. */
  readonly kept: readonly Candidate[];
  /** How many returned candidates top-k or top-p left out. */
  readonly cut: number;
  /** The rest of the vocabulary's share, when it is kept (null: cut, or nothing left beyond the candidates). */
  readonly rest: number | null;
  /** False when `rest` (and so every share) is an estimate: T ≠ 1 with the rest kept. */
  readonly exact: boolean;
}

/** Below this, what the candidates leave of the vocabulary is rounding, not a rest. */
const NO_REST = 1e-6;

/**
 * The candidates (any order) under the controls: temperature first, then top-k (0 = no limit; the
 * rest of the vocabulary ranks below every candidate, so any k cuts it), then top-p over the list
 * with the rest last, renormalised over what is kept.
 */
export function shapeCandidates(candidates: readonly Candidate[], controls: SamplingControls): ShapedList {
  const sorted = candidates.filter((c) => c.p > 0 && Number.isFinite(c.p)).sort((a, b) => b.p - a.p);
  if (sorted.length === 0) return { kept: [], cut: 0, rest: null, exact: true };
  const mass = sorted.reduce((sum, c) => sum + c.p, 0);
  const restMass = 1 - mass > NO_REST ? 1 - mass : 0;
  const t = controls.temperature;
  if (!(t > 0)) return { kept: [{ ...sorted[0], p: 1 }], cut: sorted.length - 1, rest: null, exact: true };
  // Log weights relative to the most likely candidate: a small temperature must not underflow.
  const top = Math.log(sorted[0].p) / t;
  const weights = sorted.map((c) => Math.exp(Math.log(c.p) / t - top));
  const least = sorted[sorted.length - 1].p;
  let restWeight = restMass > 0 ? Math.exp(Math.log(restMass) + (1 / t - 1) * Math.log(least) - top) : 0;
  let n = sorted.length;
  if (controls.topK > 0) {
    n = Math.min(n, controls.topK);
    restWeight = 0;
  }
  if (controls.topP < 1) {
    const total = weights.slice(0, n).reduce((a, b) => a + b, 0) + restWeight;
    let cumulative = 0;
    let reached = false;
    for (let i = 0; i < n; i++) {
      cumulative += weights[i] / total;
      if (cumulative >= controls.topP - 1e-12) {
        n = i + 1;
        reached = true;
        break;
      }
    }
    if (reached) restWeight = 0;
  }
  const total = weights.slice(0, n).reduce((a, b) => a + b, 0) + restWeight;
  const kept = sorted.slice(0, n).map((c, i) => ({ ...c, p: weights[i] / total }));
  const rest = restWeight > 0 ? restWeight / total : null;
  return { kept, cut: sorted.length - n, rest, exact: rest === null || t === 1 };
}

/** True when the controls change nothing: the list reads the model's own probabilities. */
export function isIdentity(controls: SamplingControls): boolean {
  return controls.temperature === 1 && controls.topK === 0 && controls.topP >= 1;
}
