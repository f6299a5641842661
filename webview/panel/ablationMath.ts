/**
 * What an ablation changed, as numbers and colours (pure: browser and Node): each token's surprisal
 * before and after (a decoder's P(token | the text before it), in bits), the strip's symmetric
 * scale, its diverging colours (blue: less surprising without the heads; orange: more; grey:
 * unchanged — a blue–orange pair that red–green colour blindness still tells apart), and the first
 * layer whose attention can differ (the heads' own layer keeps its attention: their output is
 * scaled after the softmax, so only the layers after it read a changed stream).
 */
import type { HeadRef, Predictions } from '../../src/protocol/analysis';
import type { Rgb } from '../../src/protocol/colorScale';

export interface SurprisalChange {
  readonly position: number;
  /** Bits before and after; `diff` = after − before (positive: more surprising without the heads). */
  readonly before: number;
  readonly after: number;
  readonly diff: number;
}

/** The surprisal of each position both analyses predicted, in position order. */
export function surprisalChanges(before: Predictions, after: Predictions): SurprisalChange[] {
  const then = new Map(before.perToken.map((s) => [s.position, s.surprisal]));
  const out: SurprisalChange[] = [];
  for (const s of after.perToken) {
    const b = then.get(s.position);
    if (b === undefined || !Number.isFinite(b) || !Number.isFinite(s.surprisal)) continue;
    out.push({ position: s.position, before: b, after: s.surprisal, diff: s.surprisal - b });
  }
  return out.sort((a, b) => a.position - b.position);
}

/** The strip's scale: the largest change in bits, at least `floor` (so that rounding noise stays grey). */
export function stripScale(changes: readonly SurprisalChange[], floor = 0.5): number {
  return changes.reduce((m, c) => Math.max(m, Math.abs(c.diff)), floor);
}

/** The unchanged middle and the two ends of the diverging scale. */
export const NEUTRAL: Rgb = [128, 128, 128];
export const LESS: Rgb = [33, 102, 172];
export const MORE: Rgb = [230, 97, 1];

/** The colour of a change of `diff` bits on a scale of ±`max`: grey at 0, LESS at −max, MORE at +max (clamped). */
export function divergingColor(diff: number, max: number): Rgb {
  const u = !(max > 0) || !Number.isFinite(diff) ? 0 : Math.max(-1, Math.min(1, diff / max));
  const end = u < 0 ? LESS : MORE;
  const w = Math.abs(u);
  return [0, 1, 2].map((i) => Math.round(NEUTRAL[i] + (end[i] - NEUTRAL[i]) * w)) as unknown as Rgb;
}

/**
 * The first layer whose attention an ablation may change (the layer after the earliest switched-off
 * head), capped at the last layer; 0 when no head is off.
 */
export function firstChangedLayer(heads: readonly HeadRef[] | undefined, layers: number): number {
  if (!heads?.length) return 0;
  return Math.min(layers - 1, Math.min(...heads.map((h) => h.layer)) + 1);
}
