/**
 * The numeric kernels of the attention views that clean, combine and roll out attention (pure
 * TypeScript, all runtimes; served by the engine worker through `serveView`). Beside it:
 * thumbnails.ts (overview cells), headStats.ts (per-head numbers), replyEncoding.ts (downsampling,
 * bytes, top links). Written for T = 512 and 12 × 12 heads: flat typed arrays, float16
 * read through `HALF_TABLE` in the loops (no call per element), scratch buffers reused.
 *
 * Order of operations for probabilities (a matrix, a row, links, a thumbnail):
 * 1. Each head's T × T probabilities (all tokens, specials included) are cleaned on their own:
 *    hidden queries and keys are dropped and each kept query row is renormalised to sum over the
 *    kept keys (a row whose kept keys hold nothing stays 0); then merged keys are summed and merged
 *    queries averaged (a word attends with the mean of its pieces, to the sum of a word's pieces).
 *    Rows of a cleaned head still sum to 1.
 * 2. Cleaned heads are combined: one head, the mean (over all heads or a set), or the maximum.
 * 3. Rollout (Abnar & Zuidema 2020) is computed over all tokens first — the model's information
 *    flow includes the special tokens — and the rollout matrix is then cleaned like a head (1).
 * 4. Window (rows, cols), then block-mean downsampling, then encoding (f32 or u8).
 *
 * Scores before softmax (one head) are cleaned without renormalising: hidden rows and columns are
 * dropped and merged cells take the mean of their unmasked cells. A score at or below
 * `MASKED_SCORE_LIMIT` (the causal mask of a decoder: −10⁴ in older exports, the float minimum or
 * −∞ in newer ones) is masked: it reads −∞ in f32 replies and byte 0 in u8 replies.
 */
import { HALF_TABLE, type AttentionData, type AttentionLayer, type AttentionPrecision } from '../../protocol/analysis';
import type { ViewAxis } from '../../protocol/viewAxis';

/** Scores at or below this are the attention mask, not a score. */
export const MASKED_SCORE_LIMIT = -1e4;

/**
 * One head's T × T matrix as float32: a view into a float32 layer (no copy), or query rows
 * [q0, q1) of a float16 layer decoded into `scratch` (length ≥ T²; other rows are left as they are).
 */
export function headMatrix(
  layer: AttentionLayer,
  precision: AttentionPrecision,
  head: number,
  t: number,
  q0: number,
  q1: number,
  scratch: Float32Array,
): Float32Array {
  const size = t * t;
  if (precision === 'float32') return (layer as Float32Array).subarray(head * size, (head + 1) * size);
  const bits = layer as Uint16Array;
  const base = head * size;
  const half = HALF_TABLE;
  for (let i = q0 * t, end = q1 * t; i < end; i++) scratch[i] = half[bits[base + i]];
  return scratch;
}

/** Token rows [first, last + 1) that entries [start, start + count) of the axis read. */
export function tokenRange(axis: ViewAxis, start: number, count: number): [number, number] {
  if (count <= 0) return [0, 0];
  const first = axis.groups[start][0];
  const lastGroup = axis.groups[start + count - 1];
  return [first, lastGroup[lastGroup.length - 1] + 1];
}

/**
 * Cleans entries [rowStart, rowStart + rowCount) of a T × T probability matrix onto the axis and
 * folds them into `out` (rowCount × axis.length): `out += weight · cleaned`, or with `max`,
 * `out = max(out, cleaned)`. `row` is scratch of length ≥ axis.length.
 */
export function foldCleanRows(
  src: Float32Array | Float64Array,
  t: number,
  axis: ViewAxis,
  rowStart: number,
  rowCount: number,
  out: Float64Array,
  weight: number,
  max: boolean,
  row: Float64Array,
): void {
  const c = axis.length;
  if (axis.identity && !max) {
    // No token hidden or merged: entry r is token rowStart + r, added straight into `out`.
    for (let r = 0; r < rowCount; r++) {
      const base = (rowStart + r) * t;
      const o = r * c;
      for (let k = 0; k < t; k++) out[o + k] += src[base + k] * weight;
    }
    return;
  }
  for (let r = 0; r < rowCount; r++) {
    cleanRow(src, t, axis, rowStart + r, row);
    const o = r * c;
    if (max) for (let e = 0; e < c; e++) out[o + e] = Math.max(out[o + e], row[e]);
    else for (let e = 0; e < c; e++) out[o + e] += row[e] * weight;
  }
}

/** Entry `entry` of the cleaned axis as one row over the axis, written into `row` (length ≥ axis.length). */
export function cleanRow(src: Float32Array | Float64Array, t: number, axis: ViewAxis, entry: number, row: Float64Array): void {
  const entryOf = axis.entryOf;
  const members = axis.groups[entry];
  row.fill(0, 0, axis.length);
  if (members.length === 1 && !axis.identity) {
    // One token: sum the kept keys while folding them, then renormalise the row once.
    const base = members[0] * t;
    let kept = 0;
    for (let k = 0; k < t; k++) {
      const e = entryOf[k];
      if (e >= 0) {
        const v = src[base + k];
        row[e] += v;
        kept += v;
      }
    }
    if (axis.hides) {
      const scale = kept > 0 ? 1 / kept : 0;
      for (let e = 0; e < axis.length; e++) row[e] *= scale;
    }
    return;
  }
  const share = 1 / members.length;
  for (const q of members) {
    const base = q * t;
    let scale = share;
    if (axis.hides) {
      let kept = 0;
      for (let k = 0; k < t; k++) if (entryOf[k] >= 0) kept += src[base + k];
      scale = kept > 0 ? share / kept : 0;
    }
    if (scale === 0) continue;
    if (axis.identity) for (let k = 0; k < t; k++) row[k] += src[base + k] * scale;
    else
      for (let k = 0; k < t; k++) {
        const e = entryOf[k];
        if (e >= 0) row[e] += src[base + k] * scale;
      }
  }
}

/** Cleans entries of a T × T score matrix into `out` (rowCount × axis.length): means of unmasked cells, −∞ where none. */
export function cleanScoreRows(src: Float32Array, t: number, axis: ViewAxis, rowStart: number, rowCount: number, out: Float64Array): void {
  const c = axis.length;
  const entryOf = axis.entryOf;
  const sum = new Float64Array(c);
  const count = new Int32Array(c);
  for (let r = 0; r < rowCount; r++) {
    sum.fill(0);
    count.fill(0);
    for (const q of axis.groups[rowStart + r]) {
      const base = q * t;
      for (let k = 0; k < t; k++) {
        const e = entryOf[k];
        const v = src[base + k];
        if (e >= 0 && v > MASKED_SCORE_LIMIT) {
          sum[e] += v;
          count[e]++;
        }
      }
    }
    const o = r * c;
    for (let e = 0; e < c; e++) out[o + e] = count[e] > 0 ? sum[e] / count[e] : Number.NEGATIVE_INFINITY;
  }
}

/** Where `serveView` keeps what is costly to recompute for one analysis (pass the same object again). */
export interface ViewCache {
  /** Rollout matrices through layer 0, 1, … (T × T each), computed on demand. */
  rollout?: Float32Array[];
  /** True while every rollout matrix so far is lower triangular (a decoder), which skips zeros. */
  rolloutLower?: boolean;
  /**
   * The model view's thumbnails and head stats by size and cleaning, once asked for (a page shown
   * again, another cleaning and back): each pass reads every head whole. At most THUMBNAIL_CACHE
   * entries of at most CACHED_THUMBNAIL pixels a side — under 0.6 MB for 12 × 12 heads, so not
   * counted in `viewCacheBytes` (the host's budget estimate mirrors that).
   */
  thumbnails?: Map<string, ThumbnailBytes>;
}

/** The thumbnails of one size and cleaning as the worker keeps them: a byte a pixel ([layer][head][y][x]), and the head stats. */
export interface ThumbnailBytes {
  readonly size: number;
  readonly bytes: Uint8Array;
  readonly stats: Float32Array;
}

/** Thumbnail replies a cache keeps, and the largest side it keeps (the panel asks for 32). */
export const THUMBNAIL_CACHE = 4;
export const CACHED_THUMBNAIL = 32;

/** Bytes a cache may grow to for this data (the rollout of every layer). */
export function viewCacheBytes(data: Pick<AttentionData, 'layers' | 'length'>): number {
  return data.layers * data.length * data.length * 4;
}

/** Âₗ = 0.5·(mean over heads) + 0.5·I of one layer, rows renormalised (the factors of rollout). */
export function residualMean(data: AttentionData, layer: number, scratch: Float32Array): Float64Array {
  const t = data.length;
  const a = new Float64Array(t * t);
  const w = 0.5 / data.heads;
  const size = t * t;
  if (data.precision === 'float16') {
    // Read the bits through the table while adding (no decoded copy of each head).
    const bits = data.probs[layer] as Uint16Array;
    const half = HALF_TABLE;
    for (let h = 0; h < data.heads; h++) for (let i = 0, b = h * size; i < size; i++) a[i] += half[bits[b + i]] * w;
  } else {
    for (let h = 0; h < data.heads; h++) {
      const m = headMatrix(data.probs[layer], data.precision, h, t, 0, t, scratch);
      for (let i = 0; i < size; i++) a[i] += m[i] * w;
    }
  }
  for (let q = 0; q < t; q++) {
    const base = q * t;
    a[base + q] += 0.5;
    let sum = 0;
    for (let k = 0; k < t; k++) sum += a[base + k];
    if (sum > 0) for (let k = 0; k < t; k++) a[base + k] /= sum;
  }
  return a;
}

function upperIsZero(a: Float32Array | Float64Array, t: number): boolean {
  for (let q = 0; q < t; q++) for (let k = q + 1; k < t; k++) if (a[q * t + k] !== 0) return false;
  return true;
}

/** Attention rollout through `through` (inclusive): R₀ = Â₀, Rₗ = Âₗ · Rₗ₋₁, Âₗ = rows of 0.5·mean + 0.5·I. */
export function rolloutMatrix(data: AttentionData, through: number, cache: ViewCache = {}): Float32Array {
  const t = data.length;
  const list = (cache.rollout ??= []);
  const scratch = new Float32Array(t * t);
  const row = new Float64Array(t);
  for (let l = list.length; l <= through; l++) {
    const a = residualMean(data, l, scratch);
    const lower = (l === 0 || cache.rolloutLower === true) && upperIsZero(a, t);
    if (l === 0) {
      list.push(Float32Array.from(a));
      cache.rolloutLower = lower;
      continue;
    }
    const b = list[l - 1];
    const out = new Float32Array(t * t);
    for (let i = 0; i < t; i++) {
      row.fill(0);
      const aBase = i * t;
      const kEnd = lower ? i + 1 : t;
      let k = 0;
      // Four rows of b per pass over `row` (a quarter of the loads and stores of row).
      for (; k + 3 < kEnd; k += 4) {
        const a0 = a[aBase + k];
        const a1 = a[aBase + k + 1];
        const a2 = a[aBase + k + 2];
        const a3 = a[aBase + k + 3];
        const b0 = k * t;
        const b1 = b0 + t;
        const b2 = b1 + t;
        const b3 = b2 + t;
        const jEnd = lower ? k + 4 : t;
        for (let j = 0; j < jEnd; j++) row[j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
      for (; k < kEnd; k++) {
        const aik = a[aBase + k];
        const bBase = k * t;
        const jEnd = lower ? k + 1 : t;
        for (let j = 0; j < jEnd; j++) row[j] += aik * b[bBase + j];
      }
      out.set(row, aBase);
    }
    list.push(out);
    cache.rolloutLower = lower;
  }
  return list[through];
}
