/**
 * How the editor decorations grade tokens (pure; extension host and unit tests): attention weights
 * into a few intensity buckets relative to the strongest key, surprisal in bits into fixed bands,
 * the side view's legend of each, and how a tracked character range moves when the document is edited.
 */

import { t } from '../l10n';

/** Intensity buckets of the spotlight, 0 = faintest. */
export const WEIGHT_BUCKETS = 5;
/** Weights below this share of the row's largest are not decorated. */
export const WEIGHT_FLOOR = 0.05;

/**
 * The bucket of `weight` on a scale relative to `max` (the row's largest weight): equal fifths of
 * (0, max]; null when the weight is below `floor` of the max (too faint to decorate).
 */
export function weightBucket(weight: number, max: number, floor = WEIGHT_FLOOR): number | null {
  if (!(max > 0) || !(weight > 0) || weight < floor * max) return null;
  return Math.min(WEIGHT_BUCKETS - 1, Math.floor((weight / max) * WEIGHT_BUCKETS - 1e-9));
}

/** The spotlight legend's labels, faintest first: "5–20% of the strongest", "20–40%", …, "80–100%, outlined". */
export function weightLegend(): string[] {
  const edge = (b: number): number => Math.round((b / WEIGHT_BUCKETS) * 100);
  const labels = [t('{0}–{1}% of the strongest', Math.round(WEIGHT_FLOOR * 100), edge(1))];
  for (let b = 1; b < WEIGHT_BUCKETS - 1; b++) labels.push(t('{0}–{1}%', edge(b), edge(b + 1)));
  labels.push(t('{0}–{1}%, outlined', edge(WEIGHT_BUCKETS - 1), 100));
  return labels;
}

/** Upper edges (bits, exclusive) of the surprisal bands; the last band is open-ended. */
export const SURPRISAL_EDGES: readonly number[] = [1, 2, 4, 8, 12];
export const SURPRISAL_BUCKETS = SURPRISAL_EDGES.length + 1;

export function surprisalBucket(bits: number): number {
  if (!Number.isFinite(bits)) return SURPRISAL_BUCKETS - 1;
  const i = SURPRISAL_EDGES.findIndex((edge) => bits < edge);
  return i < 0 ? SURPRISAL_BUCKETS - 1 : i;
}

/** The legend's labels, one per band: "< 1 bit", "1–2 bits", …, "≥ 12 bits". */
export function surprisalLegend(): string[] {
  const labels = [t('< {0} bit', SURPRISAL_EDGES[0])];
  for (let i = 1; i < SURPRISAL_EDGES.length; i++) labels.push(t('{0}–{1} bits', SURPRISAL_EDGES[i - 1], SURPRISAL_EDGES[i]));
  labels.push(t('≥ {0} bits', SURPRISAL_EDGES[SURPRISAL_EDGES.length - 1]));
  return labels;
}

export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export interface TextChange {
  /** Offset and length of the replaced text in the document before the change. */
  readonly offset: number;
  readonly length: number;
  readonly inserted: number;
}

/**
 * Where `range` lies after `changes` (VS Code's contentChanges of one event, each against the
 * document before the event, applied from the last to the first): text inserted inside or at the
 * end of the range grows it, edits before it shift it, edits after it leave it alone.
 */
export function shiftRange(range: OffsetRange, changes: readonly TextChange[]): OffsetRange {
  let { start, end } = range;
  for (const c of [...changes].sort((a, b) => b.offset - a.offset)) {
    const delta = c.inserted - c.length;
    const changeEnd = c.offset + c.length;
    if (changeEnd <= start) {
      start += delta;
      end += delta;
    } else if (c.offset <= end) {
      end = end + delta + Math.max(0, changeEnd - end);
      if (c.offset < start) start = c.offset;
    }
  }
  return { start, end: Math.max(start, end) };
}

/** A stretch of the document to decorate (offsets) and the number it is graded by. */
export interface GradedSpan {
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

/**
 * Spans of the same stretch of text as one, with `combine` of their values. A byte-level tokenizer
 * splits a character it has no token for (an emoji, a flag, an Arabic or Hebrew letter, U+FFFD)
 * into pieces that each map to the whole character: decorated one by one, their translucent colours
 * stack on it into a darker band than any of them. First occurrence order is kept.
 */
export function mergeSameSpan(spans: readonly GradedSpan[], combine: (a: number, b: number) => number): GradedSpan[] {
  const merged = new Map<string, GradedSpan>();
  for (const s of spans) {
    const key = `${s.start}:${s.end}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, value: combine(seen.value, s.value) } : s);
  }
  return [...merged.values()];
}
