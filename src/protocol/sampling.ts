/**
 * Re-shaping a next-token distribution with temperature, top-k and top-p, and drawing from it
 * (pure; host and webviews). It works on the candidates the engine returned (the top N of the
 * vocabulary, e.g. 50): p_i^(1/T) renormalised over those candidates is exactly what softmax(z/T)
 * over the full vocabulary gives, conditioned on the next token being one of them — so the shapes
 * shown are exact over the candidates returned, and only the tail beyond N is left out.
 */
import type { Candidate } from './analysis';

export interface SamplingControls {
  /** > 0; 1 = the model's distribution, < 1 sharper, > 1 flatter; 0 = greedy (all mass on the top). */
  readonly temperature: number;
  /** Keep the k most likely candidates (0 = no limit). */
  readonly topK: number;
  /** Keep the smallest prefix whose mass reaches p (1 = no limit). */
  readonly topP: number;
}

export const DEFAULT_CONTROLS: SamplingControls = { temperature: 1, topK: 0, topP: 1 };

/**
 * The candidates kept by the controls, most likely first, with probabilities renormalised over
 * them: temperature first, then top-k, then top-p (the order the usual samplers apply them).
 */
export function reshape(candidates: readonly Candidate[], controls: SamplingControls): Candidate[] {
  const sorted = candidates.filter((c) => c.p > 0 && Number.isFinite(c.p)).sort((a, b) => b.p - a.p);
  if (sorted.length === 0) return [];
  const t = controls.temperature;
  if (!(t > 0)) return [{ ...sorted[0], p: 1 }];
  // In log space, shifted by the largest, so that a small temperature does not underflow to 0/0.
  const logs = sorted.map((c) => Math.log(c.p) / t);
  const top = logs[0];
  let weights = logs.map((l) => Math.exp(l - top));
  let kept = sorted;
  if (controls.topK > 0 && controls.topK < kept.length) {
    kept = kept.slice(0, controls.topK);
    weights = weights.slice(0, controls.topK);
  }
  let total = weights.reduce((a, b) => a + b, 0);
  if (controls.topP < 1) {
    let cumulative = 0;
    let n = 0;
    while (n < weights.length) {
      cumulative += weights[n] / total;
      n++;
      if (cumulative >= controls.topP - 1e-12) break;
    }
    kept = kept.slice(0, n);
    weights = weights.slice(0, n);
    total = weights.reduce((a, b) => a + b, 0);
  }
  return kept.map((c, i) => ({ ...c, p: weights[i] / total }));
}

/** Draws one candidate from a (renormalised) distribution with `random()` in [0, 1). */
export function draw(distribution: readonly Candidate[], random: () => number): Candidate | null {
  if (distribution.length === 0) return null;
  let u = random();
  for (const c of distribution) {
    u -= c.p;
    if (u < 0) return c;
  }
  return distribution[distribution.length - 1];
}

/** A small seeded generator (mulberry32), so that a sampled preview can be reproduced. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** True when `v` is a well-formed set of controls (messages from a webview are checked with it). */
export function isSamplingControls(v: unknown): v is SamplingControls {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  return (
    num(c.temperature) &&
    c.temperature >= 0 &&
    c.temperature <= 10 &&
    Number.isInteger(c.topK) &&
    (c.topK as number) >= 0 &&
    (c.topK as number) <= 1000 &&
    num(c.topP) &&
    c.topP > 0 &&
    c.topP <= 1
  );
}
