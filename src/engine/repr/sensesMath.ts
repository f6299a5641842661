/**
 * The arithmetic of the word lessons (engine runtime, plain loops, no model): whole-word
 * occurrences of a word (Unicode-aware, case-insensitive), the mean of some rows, two clusters from
 * a cosine matrix (only where they hold apart), the rows nearest one vector, and the word-order experiment's seeded shuffle and
 * bag-of-words cosine.
 *
 *   wholeWords('El banco del río. Banco de España.', 'banco'); // [{ start: 3, end: 8 }, { start: 18, end: 23 }]
 *   twoClusters(cosine, n); // [0, 0, 1, ...]
 */

import { SAME_COSINE } from '../../protocol/reprViews';
import { isWordChar } from '../../protocol/wordChars';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every whole-word, case-insensitive occurrence of `word` in `text`, in order ("bancos" is not
 * "banco"), composed or decomposed ("río" and "rio" + U+0301 are the same word; the offsets are
 * the text's own).
 */
export function wholeWords(text: string, word: string): { start: number; end: number }[] {
  const w = word.trim();
  if (w.length === 0) return [];
  const out: { start: number; end: number }[] = [];
  const forms = [...new Set([w.normalize('NFC'), w.normalize('NFD'), w])].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(forms.map(escape).join('|'), 'giu');
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 2), start);
    const after = text.slice(end, end + 2);
    const prev = before.length > 0 ? [...before].pop() : undefined;
    const next = after.length > 0 ? [...after][0] : undefined;
    if ((prev && isWordChar(prev)) || (next && isWordChar(next))) continue;
    out.push({ start, end });
  }
  return out;
}

/** The mean of rows `indices` of a row-major matrix `width` wide. */
export function meanRow(rows: Float32Array, width: number, indices: readonly number[]): Float32Array {
  const out = new Float32Array(width);
  if (indices.length === 0) return out;
  const sum = new Float64Array(width);
  for (const i of indices) for (let k = 0; k < width; k++) sum[k] += rows[i * width + k];
  for (let k = 0; k < width; k++) out[k] = sum[k] / indices.length;
  return out;
}

/** Cosine of two vectors (0 when either is zero). */
export function cosineOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    ab += a[k] * b[k];
    aa += a[k] * a[k];
    bb += b[k] * b[k];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Cosine at or above which two occurrences count as the same vector: what reads as 1.000. */
const SAME = SAME_COSINE;

/**
 * The mean silhouette at or above which two groups are claimed: Kaufman & Rousseeuw's "a reasonable
 * structure has been found" (1990, Finding Groups in Data); below it the items read as one group.
 */
const SPLIT_SILHOUETTE = 0.5;

/**
 * Two groups of n items from their cosine matrix, deterministically: the least similar pair seeds
 * them; each item joins the group whose members it is more similar to on average; repeated until
 * nothing moves (at most 50 rounds). Item 0 is in group 0. When every pair is at least SAME, all 0.
 * The split is a claim of two senses, so it stands only when the numbers hold it up: the mean
 * silhouette (distance 1 − cosine; an item alone in its group counts 0) is at least SPLIT_SILHOUETTE.
 * Two items alone never are two groups: with no pair within a group, nothing says how far apart
 * one group's members lie, whatever their cosine (the matrix still shows it).
 */
export function twoClusters(cosine: Float32Array, n: number): number[] {
  if (n < 2) return new Array<number>(n).fill(0);
  let [a, b, low] = [0, 1, Infinity];
  for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) if (cosine[p * n + q] < low) [a, b, low] = [p, q, cosine[p * n + q]];
  if (low >= SAME) return new Array<number>(n).fill(0);
  let labels = Array.from({ length: n }, (_, i) => (cosine[i * n + a] >= cosine[i * n + b] ? 0 : 1));
  labels[a] = 0;
  labels[b] = 1;
  for (let round = 0; round < 50; round++) {
    const next = labels.map((_, i) => {
      const mean = [0, 0];
      const count = [0, 0];
      for (let j = 0; j < n; j++) {
        mean[labels[j]] += cosine[i * n + j];
        count[labels[j]]++;
      }
      if (count[0] === 0 || count[1] === 0) return labels[i];
      return mean[0] / count[0] >= mean[1] / count[1] ? 0 : 1;
    });
    // A group that would empty keeps its seed.
    if (!next.includes(0)) next[a] = 0;
    if (!next.includes(1)) next[b] = 1;
    const moved = next.some((l, i) => l !== labels[i]);
    labels = next;
    if (!moved) break;
  }
  if (meanSilhouette(cosine, n, labels) < SPLIT_SILHOUETTE) return new Array<number>(n).fill(0);
  return labels[0] === 0 ? labels : labels.map((l) => 1 - l);
}

/** The mean over items of (b − a) / max(a, b): a, the mean distance to its own group; b, to the other; 0 for an item alone. */
function meanSilhouette(cosine: Float32Array, n: number, labels: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = [0, 0];
    const count = [0, 0];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sum[labels[j]] += 1 - cosine[i * n + j];
      count[labels[j]]++;
    }
    const own = labels[i];
    if (count[own] === 0 || count[1 - own] === 0) continue;
    const a = sum[own] / count[own];
    const b = sum[1 - own] / count[1 - own];
    const spread = Math.max(a, b);
    if (spread > 0) total += (b - a) / spread;
  }
  return total / n;
}

/** The `k` rows (of `candidates`) most similar by cosine to `vector`, best first. */
export function nearestRows(
  rows: Float32Array,
  width: number,
  candidates: readonly number[],
  vector: Float32Array,
  k: number,
): { row: number; cosine: number }[] {
  const scored = candidates.map((row) => ({ row, cosine: cosineOf(rows.subarray(row * width, (row + 1) * width), vector) }));
  return scored.sort((x, y) => y.cosine - x.cosine || x.row - y.row).slice(0, k);
}

/** A small seeded generator (mulberry32): the same seed gives the same numbers on every machine. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The words (whitespace-separated) in a seeded random order (Fisher–Yates); when that order is the
 * original one and the words are not all alike, the next seeds are tried (at most 20).
 */
export function shuffleWords(words: readonly string[], seed: number): string[] {
  for (let attempt = 0; attempt < 20; attempt++) {
    const random = seeded(seed + attempt);
    const out = [...words];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    if (out.some((w, i) => w !== words[i]) || new Set(words).size < 2) return out;
  }
  return [...words].reverse();
}

/** Lower-cased word counts of a text (words: runs of letters, marks, digits and underscores). */
export function bagOfWords(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const m of text.toLocaleLowerCase().matchAll(/[\p{L}\p{M}\p{N}_]+/gu)) bag.set(m[0], (bag.get(m[0]) ?? 0) + 1);
  return bag;
}

/** Cosine of two bags of words as count vectors. */
export function bagCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (const [w, n] of a) {
    aa += n * n;
    ab += n * (b.get(w) ?? 0);
  }
  for (const n of b.values()) bb += n * n;
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
